import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueues } from '../../common/queue';
import { AppMetrics } from '../../common/metrics/app-metrics';

const QUEUE_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  })]).finally(() => clearTimeout(timer));
}

interface PgPoolStats { totalCount: number; idleCount: number; waitingCount: number }

/**
 * Values read at scrape time, from where they live: the PostgreSQL pool of this process, the job queues (shared by
 * every replica), the outbox and the reminders table. A dependency that does not answer makes its `_up` gauge 0
 * instead of failing the scrape.
 */
@Injectable()
export class MetricsCollector {
  private readonly logger = new Logger('Metrics');

  constructor(private readonly metrics: AppMetrics, private readonly ds: DataSource, private readonly queues: JobQueues) {}

  async collect(): Promise<void> {
    this.collectPool();
    await Promise.all([this.collectDatabase(), this.collectQueues()]);
  }

  private collectPool(): void {
    const pool = (this.ds.driver as unknown as { master?: PgPoolStats }).master;
    const g = this.metrics.gauge('vanthu_db_pool_connections', 'PostgreSQL pool connections of this process', ['state']);
    if (!pool) return;
    g.set({ state: 'total' }, pool.totalCount);
    g.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
    g.set({ state: 'idle' }, pool.idleCount);
    g.set({ state: 'waiting' }, pool.waitingCount);
  }

  private async collectDatabase(): Promise<void> {
    const up = this.metrics.gauge('vanthu_db_up', 'PostgreSQL answers (1) or not (0)');
    try {
      // One round trip, two cheap reads: the unsent outbox uses its partial index; reminders are counted by kind.
      const [row] = (await this.ds.query(
        `SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL)::int AS unsent,
                (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox WHERE sent_at IS NULL)::float AS lag,
                (SELECT coalesce(json_object_agg(kind, n), '{}'::json)
                   FROM (SELECT kind, count(*)::int AS n FROM reminders_sent GROUP BY kind) r) AS reminders`,
      )) as { unsent: number; lag: number; reminders: Record<string, number> }[];
      up.set(1);
      this.metrics.gauge('vanthu_outbox_unsent', 'Outbox rows not yet relayed to the job backend').set(row.unsent);
      this.metrics.gauge('vanthu_outbox_lag_seconds', 'Age of the oldest unsent outbox row (0 when none)').set(row.lag);
      const reminders = this.metrics.gauge('vanthu_reminders_sent', 'Reminders sent so far, by kind', ['kind']);
      for (const [kind, n] of Object.entries(row.reminders)) reminders.set({ kind }, n);
    } catch (e) {
      up.set(0);
      this.logger.warn({ err: (e as Error).message }, 'Metrics: database read failed');
    }
  }

  private async collectQueues(): Promise<void> {
    const up = this.metrics.gauge('vanthu_job_backend_up', 'The job backend answers (1) or not (0)');
    const jobs = this.metrics.gauge('vanthu_jobs', 'Jobs per queue and state', ['queue', 'state']);
    const oldest = this.metrics.gauge('vanthu_jobs_oldest_waiting_seconds', 'Age of the oldest waiting job per queue', ['queue']);
    try {
      for (const q of this.queues.all()) {
        const counts = await withTimeout(q.getJobCounts('waiting', 'active', 'failed', 'delayed', 'completed'), QUEUE_TIMEOUT_MS);
        for (const [state, n] of Object.entries(counts)) jobs.set({ queue: q.name, state }, n);
        const [first] = await withTimeout(q.getJobs(['wait'], 0, 0, true), QUEUE_TIMEOUT_MS);
        oldest.set({ queue: q.name }, first?.timestamp ? Math.max(0, (Date.now() - first.timestamp) / 1000) : 0);
      }
      up.set(1);
    } catch (e) {
      up.set(0);
      this.logger.warn({ err: (e as Error).message }, 'Metrics: job backend read failed');
    }
  }
}
