import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlobStore } from './blob-store';
import { FileRecord, FileRendition } from './file-record.entity';
import { FileRoutesService } from './file-routes.service';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { UploadReceiver } from './upload-receiver';
import { PdfGuard } from './pdf-guard/pdf-guard';
import { DocxConverter } from './docx-converter';

/** A leaf module (STYLE §1): documents import it for FilesService. */
@Module({
  imports: [TypeOrmModule.forFeature([FileRecord, FileRendition])],
  controllers: [FilesController],
  providers: [FilesService, FilesRepository, BlobStore, UploadReceiver, FileRoutesService, PdfGuard,
    { provide: DocxConverter, useFactory: () => new DocxConverter({ timeoutMs: 60_000, concurrency: 1 }) }],
  exports: [FilesService, PdfGuard],
})
export class FilesModule {}
