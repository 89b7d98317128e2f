import type { JobsOptions } from 'bullmq';

/** Every queue of the deployment, registered once here (STYLE §5). Nothing outside common/queue creates a Queue. */
export const QUEUE_NAMES = ['notifications', 'files', 'exchange', 'reports', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Every job name and the queue it runs on. A job that is not listed here cannot be enqueued, and the boot check
 * (JobWorkers) refuses to start when a listed job has no handler, or more than one.
 * Add a line here when a module adds a job.
 */
export const JOBS = {
  /** A task was created: tell the assignee (outbox, tasks module). */
  'task.assigned': { queue: 'notifications' },
  /** A document event (outbox, DocumentNotices): decide who is told and write their notifications (notifications module). */
  'notification.event': { queue: 'notifications' },
  /** Send the e-mail copy of one in-app notification (outbox, notifications module). */
  'notification.email': { queue: 'notifications' },
  /** One reminder for one item, kind and local day (notifications module; jobId is deterministic). */
  'reminder.send': { queue: 'notifications' },
  /** Find the tasks and incoming lines that need a reminder now (job scheduler, notifications module). */
  'reminder.scan': { queue: 'maintenance' },
  /** Sign the head of every audit chain that moved since its last checkpoint (job scheduler, audit-checkpoints module). */
  'audit.checkpoint': { queue: 'maintenance' },
  /** Write one requested export's file, reporting progress (outbox, exports module). */
  'export.run': { queue: 'reports' },
  /** Remove exports past their 7 days, rows and files (job scheduler, exports module). */
  'export.cleanup': { queue: 'maintenance' },
  /** Build, sign and send one edXML package (document, recall or status) to the axis (outbox, exchange module). */
  'exchange.send': { queue: 'exchange' },
  /** Fetch inbound edXML packages from the transport and take them in (job scheduler, exchange module). */
  'exchange.poll': { queue: 'exchange' },
} as const satisfies Record<string, { queue: QueueName }>;
export type JobName = keyof typeof JOBS;

export const isJobName = (name: string): name is JobName => Object.prototype.hasOwnProperty.call(JOBS, name);

/**
 * Defaults for every job, in one place (STYLE §5): 5 attempts, exponential backoff from 5 s (5, 10, 20, 40 s),
 * completed jobs kept one day, failed jobs 14 days. Overrides are commented next to the job that needs them.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** Every payload: a version (old jobs drain across a deploy), the organization, then ids only — never whole entities. */
export interface JobPayload {
  v: 1;
  orgId: string | null;
  [key: string]: unknown;
}

/** Scheduled work: BullMQ job schedulers with stable keys (upserted at start, never setInterval). */
export const JOB_SCHEDULES: { key: string; job: JobName; everyMs: number }[] = [
  // Reminders are per local day; scanning every 15 minutes sends them early in the morning and catches up after downtime.
  { key: 'reminder-scan', job: 'reminder.scan', everyMs: 15 * 60 * 1000 },
  // Hourly: a rewrite of the audit log can reach back at most to the last exported checkpoint.
  { key: 'audit-checkpoint', job: 'audit.checkpoint', everyMs: 60 * 60 * 1000 },
  // Hourly: an export is removed within the hour after its 7 days.
  { key: 'export-cleanup', job: 'export.cleanup', everyMs: 60 * 60 * 1000 },
  // Inbound edXML packages (EXCHANGE_POLL_INTERVAL_SECONDS overrides; a no-op when EXCHANGE_TRANSPORT=off).
  { key: 'exchange-poll', job: 'exchange.poll', everyMs: 30 * 1000 },
];
