import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs } from '../../common/queue/handles-jobs.decorator';
import type { JobPayload } from '../../common/queue/queue.constants';
import { AuditCheckpointsService } from './audit-checkpoints.service';

/** Queue 'maintenance': the scheduled signing of audit chain heads (idempotent: one checkpoint per chain and seq). */
@Processor('maintenance')
@HandlesJobs('audit.checkpoint')
export class AuditCheckpointsProcessor extends WorkerHost {
  constructor(private readonly checkpoints: AuditCheckpointsService) {
    super();
  }

  async process(job: Job<JobPayload>): Promise<unknown> {
    if (job.data?.v !== 1) throw new Error(`${job.name}: unsupported payload version`);
    if (job.name !== 'audit.checkpoint') throw new Error(`AuditCheckpointsProcessor cannot handle ${job.name}`);
    return { signed: await this.checkpoints.signAll() };
  }
}
