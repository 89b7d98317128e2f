import { Injectable, Logger } from '@nestjs/common';
import { JobQueues } from './job-queues';
import { JOB_SCHEDULES } from './queue.constants';

/** Upserts the BullMQ job schedulers (stable keys: every process may call it, the backend keeps one of each). */
@Injectable()
export class JobSchedules {
  private readonly logger = new Logger('JobSchedules');

  constructor(private readonly queues: JobQueues) {}

  async ensure(): Promise<void> {
    for (const s of JOB_SCHEDULES) {
      await this.queues.queueOf(s.job).upsertJobScheduler(s.key, { every: s.everyMs }, { name: s.job, data: { v: 1, orgId: null } });
    }
    this.logger.log(`Job schedulers: ${JOB_SCHEDULES.map((s) => s.key).join(', ')}`);
  }
}
