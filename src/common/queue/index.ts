import type { INestApplicationContext } from '@nestjs/common';
import { JobQueues } from './job-queues';
import { JobSchedules } from './job-schedules';
import { JobWorkers, StartWorkersOptions } from './job-workers';
import { OutboxRelay, RelayOptions } from './outbox.relay';
import { JOB_SCHEDULES } from './queue.constants';

export { HandlesJobs } from './handles-jobs.decorator';
export { JobQueues } from './job-queues';
export { JobWorkers } from './job-workers';
export { OutboxRelay } from './outbox.relay';
export { OutboxService } from './outbox.service';
export { JOBS, type JobName, type JobPayload, type QueueName } from './queue.constants';

/**
 * What a process does with jobs after the application is created. Every process upserts the schedulers (stable keys)
 * and relays outbox rows left unsent; with `runWorkers` (main.ts when WORKERS=on, worker.ts) it also polls the outbox
 * and starts the workers. Shutdown (enableShutdownHooks) lets in-flight jobs finish.
 */
export async function startJobProcessing(
  app: INestApplicationContext,
  opts: { runWorkers: boolean; workers?: StartWorkersOptions; relay?: RelayOptions; schedules?: boolean },
): Promise<void> {
  // Tests that drive the scan themselves (for a chosen instant) leave the real schedule out.
  if (opts.schedules !== false) await app.get(JobSchedules).ensure();
  const relay = app.get(OutboxRelay);
  relay.kick();
  if (!opts.runWorkers) return;
  relay.startPolling(opts.relay);
  await app.get(JobWorkers).start(opts.workers);
}

/**
 * Test teardown: removes this application's jobs from Redis (its own key prefix). On PostgreSQL they live in the test
 * database, which is dropped anyway, so nothing is done (and no connection opened).
 */
export async function obliterateJobs(app: INestApplicationContext): Promise<void> {
  const queues = app.get(JobQueues);
  if (queues.backend.kind !== 'redis') return;
  for (const q of queues.all()) {
    for (const s of JOB_SCHEDULES) await q.removeJobScheduler(s.key).catch(() => undefined);
    await q.obliterate({ force: true }).catch(() => undefined);
  }
}
