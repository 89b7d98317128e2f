import { SetMetadata } from '@nestjs/common';
import type { JobName } from './queue.constants';

export const HANDLES_JOBS = 'vanthu:handles-jobs';

/**
 * Names the jobs a `@Processor(queue)` class (extending WorkerHost) handles; its `process(job)` switches on job.name.
 * One worker per queue dispatches each job to the one processor that declared its name (checked at boot).
 */
export const HandlesJobs = (...names: JobName[]) => SetMetadata(HANDLES_JOBS, names);
