import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RegistersPrintModule } from '../registers-print/registers-print.module';
import { ReportsModule } from '../reports/reports.module';
import { ExportQueriesService } from './export-queries.service';
import { ExportRetentionService } from './export-retention.service';
import { ExportRunnerService } from './export-runner.service';
import { ExportStorage } from './export-storage';
import { ExportsCleanupProcessor } from './exports-cleanup.processor';
import { ExportsController } from './exports.controller';
import { ExportsProcessor } from './exports.processor';
import { ExportsRepository } from './exports.repository';
import { RequestExportService } from './request-export.service';

/** Exports as jobs (docs/EXPORTS.md): registers in PDF/XLSX and the statistics in XLSX, kept 7 days for the requester. */
@Module({
  imports: [AuditModule, ReportsModule, RegistersPrintModule],
  controllers: [ExportsController],
  providers: [
    ExportsRepository, ExportStorage, RequestExportService, ExportQueriesService, ExportRunnerService, ExportRetentionService,
    ExportsProcessor, ExportsCleanupProcessor,
  ],
})
export class ExportsModule {}
