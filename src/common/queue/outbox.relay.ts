import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueues } from './job-queues';
import type { JobPayload } from './queue.constants';

interface OutboxRow {
  id: string;
  job_name: string;
  payload: JobPayload;
  delay_ms: number;
}

export interface RelayOptions {
  /** How often to look for rows left unsent (backend down at commit, process crashed before the kick). */
  intervalMs?: number;
  /** How long one enqueue may take before the backend counts as down for this round. */
  sendTimeoutMs?: number;
}

/**
 * Moves committed outbox rows into BullMQ, with jobId = outbox id (so a row sent twice is still one job).
 * It is kicked right after each commit that wrote rows, and polls where workers run. When the backend is down the
 * rows stay unsent (attempts and last_error say why) until it answers again.
 *
 * The poll is a plain timer loop on purpose: it must keep running exactly when BullMQ (and its schedulers) cannot.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running: Promise<number> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private sendTimeoutMs = 5_000;
  private polls = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly queues: JobQueues,
  ) {}

  /** Sends what is pending now, in the background; concurrent kicks coalesce into one more round. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e: Error) => {
        this.logger.warn({ err: e.message }, 'Outbox relay round failed; rows stay unsent until the next round');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the round in progress (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  startPolling(opts: RelayOptions = {}): void {
    this.sendTimeoutMs = opts.sendTimeoutMs ?? this.sendTimeoutMs;
    const interval = opts.intervalMs ?? 2_000;
    this.stopped = false;
    const tick = () => {
      this.timer = setTimeout(async () => {
        this.kick();
        await this.idle();
        if (++this.polls % 500 === 0) await this.purgeSent().catch(() => undefined);
        if (!this.stopped) tick();
      }, interval);
      this.timer.unref?.();
    };
    if (!this.timer) tick();
  }

  stopPolling(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Sends every pending row, batch after batch; stops at the first failure (the backend is down). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { sent, failed } = await this.sendBatch(100);
      total += sent;
      if (failed || sent < 100) return total;
    }
  }

  private async sendBatch(limit: number): Promise<{ sent: number; failed: boolean }> {
    return this.ds.transaction(async (em) => {
      // SKIP LOCKED: several relays (API replicas, workers) share the table without sending a row twice at once.
      const rows = (await em.query(
        `SELECT id, job_name, payload, delay_ms FROM outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as OutboxRow[];
      let sent = 0;
      for (const row of rows) {
        try {
          await withTimeout(
            this.queues.add(row.job_name, row.payload, { jobId: row.id, ...(row.delay_ms ? { delay: row.delay_ms } : {}) }),
            this.sendTimeoutMs,
          );
        } catch (e) {
          await em.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, String((e as Error).message).slice(0, 1000)]);
          return { sent, failed: true };
        }
        await em.query(`UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [row.id]);
        sent++;
      }
      return { sent, failed: false };
    });
  }

  /** Sent rows are only history once BullMQ has the job; keep a week for investigations. */
  private purgeSent(): Promise<unknown> {
    return this.ds.query(`DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < now() - interval '7 days' LIMIT 1000)`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopPolling();
    await this.idle();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`job backend did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
