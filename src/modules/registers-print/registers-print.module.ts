import { Module } from '@nestjs/common';
import { IncomingDocumentsModule } from '../incoming-documents/incoming-documents.module';
import { ProcessingSlipController } from './processing-slip.controller';
import { ProcessingSlipService } from './processing-slip.service';
import { RegisterPdfRenderer } from './register-pdf.renderer';
import { RegisterRowSource } from './register-rows.source';

/**
 * Printed registers (Decree 30 Phụ lục IV): rows of a period and their PDF, used by the export jobs; and the
 * processing slip of an incoming document (GET /incoming-documents/:id/processing-slip).
 */
@Module({
  imports: [IncomingDocumentsModule],
  controllers: [ProcessingSlipController],
  providers: [RegisterRowSource, RegisterPdfRenderer, ProcessingSlipService],
  exports: [RegisterRowSource, RegisterPdfRenderer],
})
export class RegistersPrintModule {}
