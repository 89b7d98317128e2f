import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs } from '../../common/queue/handles-jobs.decorator';
import type { JobPayload } from '../../common/queue/queue.constants';
import { ExportRunnerService } from './export-runner.service';

/**
 * Queue 'reports': writing one export's file (`export.run`, payload { exportId }). Two at a time per process: each
 * holds a file stream and (for a PDF) the document until it is saved, so more would only trade memory for nothing.
 */
@Processor('reports', { concurrency: 2 })
@HandlesJobs('export.run')
export class ExportsProcessor extends WorkerHost {
  constructor(private readonly runner: ExportRunnerService) {
    super();
  }

  async process(job: Job<JobPayload>): Promise<unknown> {
    if (job.data?.v !== 1) throw new Error(`${job.name}: unsupported payload version`);
    if (job.name !== 'export.run') throw new Error(`ExportsProcessor cannot handle ${job.name}`);
    const { orgId, exportId } = job.data as JobPayload & { exportId: string };
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.runner.run(orgId as string, exportId, final);
  }
}
