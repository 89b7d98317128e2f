import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { Clock } from '../time/clock';

const KEEP_MS = 24 * 3600 * 1000;
/** How long a request waits for another one holding the same key before answering 409. */
const WAIT_FOR_SAME_KEY_MS = 15_000;
const SWEEP_BATCH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IdempotentResult<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/**
 * Idempotency-Key (API.md): per user, the same key and the same request fingerprint replay the first response; the same
 * key with another fingerprint → 422 IDEMPOTENCY_KEY_REUSED.
 *
 * The key row is inserted in the SAME transaction as the work and completed before commit, so:
 * - a failed request (any error) rolls the row back: the key is free again;
 * - a concurrent request with the same key blocks on the uncommitted row (PostgreSQL's unique-index wait), then
 *   replays the committed response — or runs itself if the first one failed. It waits at most 15 s, then 409 CONFLICT.
 * Rows are kept 24 hours; expired rows are removed lazily (the caller's own key, plus a small sweep per call).
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  /** Runs fn once per (user, key); without a key it simply runs fn. Returns fn's result or the replayed one. */
  async run<T>(actor: Actor, key: string | null | undefined, fingerprint: string, fn: () => Promise<T>, opts: { statusCode?: number } = {}): Promise<T> {
    return (await this.execute(actor, key, fingerprint, fn, opts.statusCode ?? 201)).body;
  }

  async execute<T>(actor: Actor, key: string | null | undefined, fingerprint: string, fn: () => Promise<T>, statusCode = 201): Promise<IdempotentResult<T>> {
    if (key === null || key === undefined) return { statusCode, body: await fn(), replayed: false };
    if (!UUID.test(key)) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key phải là một UUID.', [{ field: 'Idempotency-Key' }]);
    if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new Error('IdempotencyService: fingerprint must be a SHA-256 hex digest');
    const normalizedKey = key.toLowerCase();
    return this.txHost.withTransaction(async () => {
      const claimed = await this.claim(actor, normalizedKey, fingerprint);
      if (!claimed) return this.replay<T>(actor.userId, normalizedKey, fingerprint);
      const body = await fn();
      await this.query(
        `UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb, completed_at = $5 WHERE user_id = $1 AND key = $2`,
        [actor.userId, normalizedKey, statusCode, JSON.stringify(body ?? null), this.clock.now()],
      );
      return { statusCode, body, replayed: false };
    });
  }

  /** Inserts the key row; false when a committed row already holds it (after waiting for an uncommitted one). */
  private async claim(actor: Actor, key: string, fingerprint: string): Promise<boolean> {
    const now = this.clock.now();
    const expired = new Date(now.getTime() - KEEP_MS);
    await this.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < $3`, [actor.userId, key, expired]);
    await this.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`,
      [expired],
    );
    const [{ previous }] = await this.query<{ previous: string }>(`SELECT current_setting('lock_timeout') AS previous`, []);
    await this.query(`SELECT set_config('lock_timeout', $1, true)`, [`${WAIT_FOR_SAME_KEY_MS}ms`]);
    let inserted: unknown[];
    try {
      inserted = await this.query(
        `INSERT INTO idempotency_keys (user_id, key, organization_id, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
        [actor.userId, key, actor.orgId, fingerprint, now],
      );
    } catch (e) {
      if ((e as { code?: string }).code === '55P03' || (e as { driverError?: { code?: string } }).driverError?.code === '55P03') {
        throw new DomainError('CONFLICT', 'Yêu cầu với cùng Idempotency-Key đang được xử lý. Vui lòng đợi giây lát rồi gửi lại đúng yêu cầu đó.');
      }
      throw e;
    }
    await this.query(`SELECT set_config('lock_timeout', $1, true)`, [previous]);
    return inserted.length > 0;
  }

  private async replay<T>(userId: string, key: string, fingerprint: string): Promise<IdempotentResult<T>> {
    const [row] = await this.query<{ fingerprint: string; status_code: number; response: T }>(
      `SELECT fingerprint, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (!row) throw new Error('idempotency key vanished between claim and replay');
    if (row.fingerprint !== fingerprint) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy tạo khóa mới cho thao tác mới.',
        [{ field: 'Idempotency-Key' }],
      );
    }
    return { statusCode: row.status_code, body: row.response, replayed: true };
  }

  private async query<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
    const result = await this.txHost.tx.query(sql, params);
    return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as R[];
  }
}
