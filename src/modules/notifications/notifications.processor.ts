import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs } from '../../common/queue/handles-jobs.decorator';
import { Clock } from '../../common/time/clock';
import type { JobPayload } from '../../common/queue/queue.constants';
import { DocumentEventJob, NotificationEventsService } from './events/notification-events.service';
import { NotificationEmailService } from './mail/notification-email.service';
import { ReminderJob, RemindersService } from './reminders/reminders.service';

/** Queue 'notifications' for this module: thin — check the payload, call one service method. */
@Processor('notifications')
@HandlesJobs('notification.event', 'notification.email', 'reminder.send')
export class NotificationsProcessor extends WorkerHost {
  constructor(
    private readonly events: NotificationEventsService,
    private readonly emails: NotificationEmailService,
    private readonly reminders: RemindersService,
  ) {
    super();
  }

  async process(job: Job<JobPayload>): Promise<unknown> {
    const d = job.data;
    if (d?.v !== 1 || typeof d.orgId !== 'string') throw new Error(`${job.name}: unsupported payload version or missing orgId`);
    switch (job.name) {
      case 'notification.event':
        return this.events.handle({ orgId: d.orgId, event: d.event as DocumentEventJob['event'], id: String(d.id), eventId: String(d.eventId) });
      case 'notification.email':
        return this.emails.send(d.orgId, String(d.notificationId));
      case 'reminder.send':
        return this.reminders.send({
          orgId: d.orgId, entityType: d.entityType as ReminderJob['entityType'], entityId: String(d.entityId),
          kind: d.kind as ReminderJob['kind'], day: String(d.day),
        });
      default:
        throw new Error(`NotificationsProcessor cannot handle ${job.name}`);
    }
  }
}

/** Queue 'maintenance' for this module: the scheduled reminder scan. `at` (ISO) lets a test scan a chosen instant. */
@Processor('maintenance', { concurrency: 1 })
@HandlesJobs('reminder.scan')
export class RemindersScanProcessor extends WorkerHost {
  constructor(
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job<JobPayload & { at?: string }>): Promise<unknown> {
    if (job.data?.v !== 1) throw new Error('reminder.scan: unsupported payload version');
    const at = job.data.at ? new Date(job.data.at) : this.clock.now();
    return this.reminders.scan(at);
  }
}
