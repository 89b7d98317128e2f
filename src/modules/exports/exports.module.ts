import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ReportsModule } from '../reports/reports.module';
import { ExportQueriesService } from './export-queries.service';
import { ExportRetentionService } from './export-retention.service';
import { ExportRunnerService } from './export-runner.service';
import { ExportStorage } from './export-storage';
import { ExportsCleanupProcessor } from './exports-cleanup.processor';
import { ExportsController } from './exports.controller';
import { ExportsProcessor } from './exports.processor';
import { ExportsRepository } from './exports.repository';
import { REGISTER_PDF, REGISTER_ROWS } from './register-rows.port';
import { RequestExportService } from './request-export.service';
import { TemporaryRegisterRows } from './temporary-register-rows';

/** Exports as jobs (docs/EXPORTS.md): registers in PDF/XLSX and the statistics in XLSX, kept 7 days for the requester. */
@Module({
  imports: [AuditModule, ReportsModule],
  controllers: [ExportsController],
  providers: [
    ExportsRepository, ExportStorage, RequestExportService, ExportQueriesService, ExportRunnerService, ExportRetentionService,
    ExportsProcessor, ExportsCleanupProcessor,
    TemporaryRegisterRows,
    { provide: REGISTER_ROWS, useExisting: TemporaryRegisterRows },
    { provide: REGISTER_PDF, useExisting: TemporaryRegisterRows },
  ],
})
export class ExportsModule {}
