import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs } from '../../common/queue/handles-jobs.decorator';
import type { JobPayload } from '../../common/queue/queue.constants';
import { TasksService } from './tasks.service';

/** Queue 'notifications' for the tasks module. */
@Processor('notifications')
@HandlesJobs('task.assigned')
export class TasksProcessor extends WorkerHost {
  constructor(private readonly tasks: TasksService) {
    super();
  }

  async process(job: Job<JobPayload>): Promise<unknown> {
    const d = job.data;
    if (d?.v !== 1 || typeof d.orgId !== 'string' || typeof d.taskId !== 'string') throw new Error(`${job.name}: invalid payload`);
    switch (job.name) {
      case 'task.assigned':
        return this.tasks.notifyAssigned(d.orgId, d.taskId);
      default:
        throw new Error(`TasksProcessor cannot handle ${job.name}`);
    }
  }
}
