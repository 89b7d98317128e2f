import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JobBackend } from './job-backend';
import { DEFAULT_JOB_OPTIONS, isJobName, JOBS, JobName, JobPayload, QUEUE_NAMES, QueueName } from './queue.constants';

/**
 * The producers: one BullMQ Queue per queue name, on the configured backend, with the default job options.
 * Queues are created on first use, so a process that never enqueues opens no connection.
 */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly logger = new Logger('JobQueues');
  private readonly queues = new Map<QueueName, Queue>();
  private closed = false;

  constructor(readonly backend: JobBackend) {}

  get(name: QueueName): Queue {
    if (this.closed) throw new Error('JobQueues: the application is shutting down');
    let q = this.queues.get(name);
    if (!q) {
      q = new this.backend.Queue(name, {
        connection: this.backend.queueConnection(),
        prefix: this.backend.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      // Without a listener an 'error' (backend unreachable) would crash the process; the relay and readiness report it.
      q.on('error', (err: Error) => this.logger.warn({ err: err.message, queue: name }, 'Job backend error'));
      this.queues.set(name, q);
    }
    return q;
  }

  queueOf(job: JobName): Queue {
    return this.get(JOBS[job].queue);
  }

  /** Enqueue a catalogued job. Jobs caused by a state change go through OutboxService instead (STYLE §5). */
  async add(job: string, payload: JobPayload, opts: JobsOptions = {}): Promise<string> {
    if (!isJobName(job)) throw new Error(`Unknown job "${job}": add it to JOBS in src/common/queue/queue.constants.ts`);
    if (opts.jobId && (opts.jobId.includes(':') || /^\d+$/.test(opts.jobId))) {
      throw new Error(`Job id "${opts.jobId}" must not contain ":" nor be a pure integer (BullMQ)`);
    }
    const added = await this.queueOf(job).add(job, payload, opts);
    return String(added.id);
  }

  all(): Queue[] {
    return QUEUE_NAMES.map((n) => this.get(n));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }
}
