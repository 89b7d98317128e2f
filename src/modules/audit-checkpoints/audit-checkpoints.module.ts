import { Module } from '@nestjs/common';
import { SigningModule } from '../signing/signing.module';
import { AuditCheckpointsController } from './audit-checkpoints.controller';
import { AuditCheckpointsProcessor } from './audit-checkpoints.processor';
import { AuditCheckpointsService } from './audit-checkpoints.service';

/** Signed checkpoints of the audit chains and the full verification report (GET /audit/verify, /audit/checkpoints). */
@Module({
  imports: [SigningModule],
  controllers: [AuditCheckpointsController],
  providers: [AuditCheckpointsService, AuditCheckpointsProcessor],
  exports: [AuditCheckpointsService],
})
export class AuditCheckpointsModule {}
