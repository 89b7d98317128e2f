import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlobStore } from './blob-store';
import { FileRecord, FileRendition } from './file-record.entity';
import { FileRoutesService } from './file-routes.service';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { UploadReceiver } from './upload-receiver';

/** A leaf module (STYLE §1): documents import it for FilesService. */
@Module({
  imports: [TypeOrmModule.forFeature([FileRecord, FileRendition])],
  controllers: [FilesController],
  providers: [FilesService, FilesRepository, BlobStore, UploadReceiver, FileRoutesService],
  exports: [FilesService],
})
export class FilesModule {}
