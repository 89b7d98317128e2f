import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { LegacyImportController } from './legacy-import.controller';
import { LegacyImportRepository } from './legacy-import.repository';
import { LegacyImportService } from './legacy-import.service';
import { ScanStore } from './scan-store';

/** Hand-over of the merged units' registers (POST /imports). docs/IMPORT.md. */
@Module({
  imports: [FilesModule],
  controllers: [LegacyImportController],
  providers: [LegacyImportService, LegacyImportRepository, ScanStore],
})
export class LegacyImportModule {}
