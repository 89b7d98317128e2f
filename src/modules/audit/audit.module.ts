import { Global, Module } from '@nestjs/common';
import { AuditTrail } from '../../common/audit/audit-trail.port';
import { AuditQueriesService } from './audit-queries.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** A leaf service every module may call (STYLE §1). */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditQueriesService, { provide: AuditTrail, useExisting: AuditService }],
  exports: [AuditService, AuditTrail],
})
export class AuditModule {}
