import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs } from '../../common/queue/handles-jobs.decorator';
import type { JobPayload } from '../../common/queue/queue.constants';
import { ExportRetentionService } from './export-retention.service';

/** Queue 'maintenance': the scheduled removal of exports older than their retention (`export.cleanup`). */
@Processor('maintenance')
@HandlesJobs('export.cleanup')
export class ExportsCleanupProcessor extends WorkerHost {
  constructor(private readonly retention: ExportRetentionService) {
    super();
  }

  async process(job: Job<JobPayload>): Promise<unknown> {
    if (job.data?.v !== 1) throw new Error(`${job.name}: unsupported payload version`);
    if (job.name !== 'export.cleanup') throw new Error(`ExportsCleanupProcessor cannot handle ${job.name}`);
    return this.retention.cleanup();
  }
}
