import { Inject, Injectable, Logger } from '@nestjs/common';
import { createPostgresBackend, Queue, runMigrations, withBackend, Worker } from 'bullmq';
import type { QueueOptions, WorkerOptions } from 'bullmq';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

export type JobBackendKind = 'postgres' | 'redis';

/** The PostgreSQL schema BullMQ lives in (the PostgreSQL backend's equivalent of the Redis key prefix). */
export const BULLMQ_SCHEMA = 'bullmq';

type QueueCtor = new (name: string, opts: QueueOptions<unknown>) => Queue;
type WorkerCtor = new (name: string, processor: ConstructorParameters<typeof Worker>[1], opts: WorkerOptions<unknown>) => Worker;

const PgClasses = withBackend(createPostgresBackend);

/**
 * Which store BullMQ runs on, decided once from the configuration: REDIS_URL set → Redis, else PostgreSQL (the
 * application database, schema `bullmq`). Nothing outside common/queue knows which one is in use (STYLE §5).
 *
 * The classes are bound per instance with `withBackend` instead of @nestjs/bullmq's process-wide
 * `BullModule.queueClass/workerClass` setters, so two applications on different backends can live in one process
 * (the test suite runs both).
 */
@Injectable()
export class JobBackend {
  private readonly logger = new Logger('JobBackend');
  readonly kind: JobBackendKind;
  /**
   * Redis key prefix. Derived from the database name: jobs carry ids of one database, so two deployments (or two test
   * files) sharing a Redis never see each other's jobs. The PostgreSQL backend lives inside that database already.
   */
  readonly prefix: string;
  private readonly redis: Record<string, unknown> | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.kind = config.redisUrl ? 'redis' : 'postgres';
    const dbName = decodeURIComponent(new URL(config.databaseUrl).pathname.replace(/^\//, '')) || 'vanthu';
    this.prefix = `bull-${dbName}`;
    this.redis = config.redisUrl ? redisOptions(config.redisUrl) : null;
  }

  get Queue(): QueueCtor {
    return (this.kind === 'redis' ? Queue : PgClasses.Queue) as unknown as QueueCtor;
  }

  get Worker(): WorkerCtor {
    return (this.kind === 'redis' ? Worker : PgClasses.Worker) as unknown as WorkerCtor;
  }

  /** Connection options for producers (Queue). Each Queue owns its connection (a small pool on PostgreSQL). */
  queueConnection(): unknown {
    if (this.redis) return { ...this.redis };
    return { connectionString: this.config.databaseUrl, schema: BULLMQ_SCHEMA, max: 4, application_name: 'vanthu-jobs' };
  }

  /** Connection options for consumers: Redis workers must retry forever (maxRetriesPerRequest null, STACK-NOTES). */
  workerConnection(): unknown {
    if (this.redis) return { ...this.redis, maxRetriesPerRequest: null };
    return { connectionString: this.config.databaseUrl, schema: BULLMQ_SCHEMA, max: 4, application_name: 'vanthu-worker' };
  }

  /** Applies BullMQ's own PostgreSQL migrations (idempotent, serialised by an advisory lock). No-op on Redis. */
  prepare(): Promise<void> {
    this.prepared ??= this.migrate();
    return this.prepared;
  }

  private prepared: Promise<void> | null = null;

  private async migrate(): Promise<void> {
    if (this.kind !== 'postgres') return;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'vanthu-jobs-migrate' });
    await client.connect();
    try {
      const version = await runMigrations(client, BULLMQ_SCHEMA);
      this.logger.debug(`BullMQ PostgreSQL schema "${BULLMQ_SCHEMA}" at version ${version}`);
    } finally {
      await client.end();
    }
  }
}

function redisOptions(url: string): Record<string, unknown> {
  const u = new URL(url);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
