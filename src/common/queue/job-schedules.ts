import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobQueues } from './job-queues';
import { JOB_SCHEDULES } from './queue.constants';

/** Upserts the BullMQ job schedulers (stable keys: every process may call it, the backend keeps one of each). */
@Injectable()
export class JobSchedules {
  private readonly logger = new Logger('JobSchedules');

  constructor(private readonly queues: JobQueues, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async ensure(): Promise<void> {
    for (const s of JOB_SCHEDULES) {
      // REMINDER_SCAN_INTERVAL_SECONDS overrides the reminder scan's period (tests and demos use seconds).
      const every = s.key === 'reminder-scan' && this.config.reminderScanIntervalSeconds
        ? this.config.reminderScanIntervalSeconds * 1000
        : s.key === 'exchange-poll' ? this.config.exchange.pollIntervalSeconds * 1000 : s.everyMs;
      await this.queues.queueOf(s.job).upsertJobScheduler(s.key, { every }, { name: s.job, data: { v: 1, orgId: null } });
    }
    this.logger.log(`Job schedulers: ${JOB_SCHEDULES.map((s) => s.key).join(', ')}`);
  }
}
