import { Global, Module } from '@nestjs/common';
import { AuditQueriesService } from './audit-queries.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** A leaf service every module may call (STYLE §1). */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditQueriesService],
  exports: [AuditService],
})
export class AuditModule {}
