import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job, Worker, WorkerOptions } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { HANDLES_JOBS } from './handles-jobs.decorator';
import { JobBackend } from './job-backend';
import { JOBS, JobName, QUEUE_NAMES, QueueName } from './queue.constants';

/** @nestjs/bullmq's @Processor metadata key (bull.constants PROCESSOR_METADATA; not exported from the package root). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';
const WORKER_METADATA = 'bullmq:worker_metadata';

interface Handler {
  queue: QueueName;
  host: WorkerHost;
  className: string;
  concurrency?: number;
}

export interface StartWorkersOptions {
  /** Only these queues (default: every queue that has handlers). */
  queues?: QueueName[];
  concurrency?: number;
  /** Tests shorten these so a killed worker's job is recovered in seconds (STACK-NOTES: defaults take up to ~90 s). */
  lockDuration?: number;
  stalledInterval?: number;
  maxStalledCount?: number;
}

export class JobHandlerConfigurationError extends Error {}

/**
 * The consumers. At module init it discovers every `@Processor` + `@HandlesJobs` class and checks that each catalogued
 * job has exactly one handler on the right queue (the app does not boot otherwise). `start()` runs one BullMQ Worker
 * per queue that dispatches by job name; `stop()` — also called before shutdown — lets in-flight jobs finish first.
 *
 * Not @nestjs/bullmq's explorer: it creates one Worker per @Processor class (two modules consuming one queue would
 * steal each other's jobs) and reads a process-wide worker class (one process could not run both backends).
 */
@Injectable()
export class JobWorkers implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorkers');
  private readonly handlers = new Map<string, Handler>();
  private workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly backend: JobBackend,
    private readonly cls: ClsService,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as unknown;
      if (!instance || typeof instance !== 'object') continue;
      const cls = (instance as object).constructor;
      const meta = this.reflector.get<{ name?: string } | undefined>(PROCESSOR_METADATA, cls);
      if (!meta) continue;
      const names = this.reflector.get<JobName[] | undefined>(HANDLES_JOBS, cls) ?? [];
      const queue = meta.name as QueueName;
      if (!(instance instanceof WorkerHost)) problems.push(`${cls.name} is a @Processor but does not extend WorkerHost`);
      if (!QUEUE_NAMES.includes(queue)) problems.push(`${cls.name} consumes unknown queue "${queue}"`);
      if (!names.length) problems.push(`${cls.name} is a @Processor without @HandlesJobs(...)`);
      const workerOpts = this.reflector.get<Partial<WorkerOptions> | undefined>(WORKER_METADATA, cls);
      for (const name of names) {
        const expected = (JOBS as Record<string, { queue: QueueName }>)[name]?.queue;
        if (!expected) problems.push(`${cls.name} handles "${name}", which is not in JOBS`);
        else if (expected !== queue) problems.push(`${cls.name} handles "${name}" on queue "${queue}" but JOBS puts it on "${expected}"`);
        const existing = this.handlers.get(name);
        if (existing) problems.push(`job "${name}" has two handlers: ${existing.className} and ${cls.name}`);
        else this.handlers.set(name, { queue, host: instance as WorkerHost, className: cls.name, concurrency: workerOpts?.concurrency });
      }
    }
    for (const name of Object.keys(JOBS)) if (!this.handlers.has(name)) problems.push(`job "${name}" has no handler`);
    if (problems.length) throw new JobHandlerConfigurationError(`Job handlers are misconfigured:\n  - ${problems.join('\n  - ')}`);
  }

  /** The job names and the class that handles each (for the boot check's test). */
  handlerMap(): Record<string, string> {
    return Object.fromEntries([...this.handlers].map(([name, h]) => [name, h.className]));
  }

  get running(): boolean {
    return this.workers.length > 0;
  }

  async start(opts: StartWorkersOptions = {}): Promise<void> {
    if (this.workers.length) return;
    await this.backend.prepare();
    const queues = [...new Set([...this.handlers.values()].map((h) => h.queue))].filter((q) => !opts.queues || opts.queues.includes(q));
    for (const queue of queues) {
      const concurrency = opts.concurrency ?? Math.max(1, ...[...this.handlers.values()].filter((h) => h.queue === queue).map((h) => h.concurrency ?? 5));
      const worker = new this.backend.Worker(queue, (job: Job, token?: string) => this.dispatch(job, token), {
        connection: this.backend.workerConnection(),
        prefix: this.backend.prefix,
        concurrency,
        ...(opts.lockDuration ? { lockDuration: opts.lockDuration } : {}),
        ...(opts.stalledInterval ? { stalledInterval: opts.stalledInterval } : {}),
        ...(opts.maxStalledCount !== undefined ? { maxStalledCount: opts.maxStalledCount } : {}),
      });
      worker.on('error', (err: Error) => this.logger.warn({ err: err.message, queue }, 'Worker error'));
      worker.on('failed', (job: Job | undefined, err: Error) => {
        if (job) void this.recordIfFinal(job, err);
      });
      for (const h of this.handlers.values()) if (h.queue === queue) (h.host as unknown as { _worker: Worker })._worker = worker;
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    this.logger.log(`Workers started on ${this.backend.kind}: ${queues.join(', ') || '(none)'}`);
  }

  /** Graceful: stops taking jobs and waits for the ones in flight to finish (BullMQ close() without force). */
  async stop(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.close()));
    if (workers.length) this.logger.log('Workers stopped after finishing their jobs');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Runs one job as a worker would (tests, and the admin retry of a job that is gone from the backend). */
  async dispatch(job: Job, token?: string): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    // A name from a newer deploy: fail (and retry) so a worker that knows it can take it.
    if (!handler) throw new Error(`No handler for job "${job.name}" in this version`);
    return this.cls.run(async () => {
      this.cls.set('requestId', `job-${job.id}`);
      return handler.host.process(job, token);
    });
  }

  /** After the last attempt the failure is written where an administrator can see and retry it; never dropped silently. */
  private async recordIfFinal(job: Job, err: Error): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts || err?.name === 'UnrecoverableError';
    if (!final) return;
    const data = job.data as { orgId?: string | null };
    this.logger.error({ alert: 'job-failed', queue: job.queueName, job: job.name, jobId: job.id, err: err?.message, attempts: job.attemptsMade },
      'Job failed after its last attempt');
    await this.ds.query(
      `INSERT INTO job_failures (organization_id, queue, job_name, job_id, payload, error, attempts_made)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (queue, job_id) WHERE retried_at IS NULL DO NOTHING`,
      [data?.orgId ?? null, job.queueName, job.name, String(job.id), JSON.stringify(job.data ?? {}), String(err?.stack ?? err?.message ?? err).slice(0, 4000), job.attemptsMade],
    ).catch((e: Error) => this.logger.error({ err: e.message, jobId: job.id }, 'Could not record a job failure'));
  }
}
