import { Module } from '@nestjs/common';
import { RegisterPdfRenderer } from './register-pdf.renderer';
import { RegisterRowSource } from './register-rows.source';

/** Printed registers (Decree 30 Phụ lục IV): rows of a period and their PDF. Used by the export jobs. */
@Module({
  providers: [RegisterRowSource, RegisterPdfRenderer],
  exports: [RegisterRowSource, RegisterPdfRenderer],
})
export class RegistersPrintModule {}
