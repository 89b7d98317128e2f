import { noteBusinessEvent } from '../../common/metrics/business-events';
import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { AuditTrail } from '../../common/audit/audit-trail.port';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { preparedQuery } from '../../database/prepared-query';
import type { AuditAction } from './audit-actions';
import { ChainWalker, type BrokenRow, type StoredAuditRow } from './audit-chain-verifier';
import { GENESIS_HASH, KEYED_VERSION, keyedHash } from './audit-hash';

export interface AuditEntry {
  organizationId: string | null;
  actorUserId: string | null;
  onBehalfOfUserId?: string | null;
  action: AuditAction;
  entityType?: string | null;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  checkedRows: number;
  /** Rows verified with the old unkeyed formulas (written before the keyed chain). */
  legacyRows: number;
  firstBrokenRow?: BrokenRow;
  /** The chain head (seq and hash) the rows lead to. */
  head: { seq: number; hash: string };
}

/** The chain head after AUDIT_HEAD_SQL: its last row and the id reserved for the next one. */
export interface AuditHead { last_seq: string; last_hash: string; id: string }

/** The chain of an organization ('system' for deployment-level events). */
export const chainKeyOf = (organizationId: string | null): string => organizationId ?? 'system';

/**
 * Locks a chain head (created at genesis on first use) and reserves the next row id; RETURNING last_seq, last_hash, id.
 * `chainKey` and `genesis` are SQL expressions (parameters). append() runs it alone; a caller may embed it as a CTE
 * with `from` naming the CTE it must follow (one row), so the head is locked after the caller's own rows (appendAt).
 */
export const AUDIT_HEAD_SQL = (chainKey: string, genesis: string, from?: string) =>
  `INSERT INTO audit_chain_heads AS h (chain_key, last_seq, prev_hash, last_hash)
   ${from ? `SELECT ${chainKey}, 0, ${genesis}, ${genesis} FROM ${from}` : `VALUES (${chainKey}, 0, ${genesis}, ${genesis})`}
   ON CONFLICT (chain_key) DO UPDATE SET chain_key = h.chain_key
   RETURNING h.last_seq, h.last_hash, nextval(pg_get_serial_sequence('audit_log', 'id'))::text AS id`;

const clip = (v: unknown, max: number): string | null => (typeof v === 'string' && v !== '' ? v.slice(0, max) : null);

/**
 * Append-only audit log, one chain per organization ('system' for deployment-level events), keyed with HMAC-SHA-256
 * (AUDIT_KEY, outside the database) over every stored column. append() runs inside the caller's transaction, so the
 * audit row commits or rolls back with the change it records. docs/AUDIT.md.
 */
@Injectable()
export class AuditService implements AuditTrail {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async append(e: AuditEntry): Promise<void> {
    // Outside a transaction the head row's lock would be released at once and concurrent appends could fork the chain.
    if (!this.txHost.isTransactionActive()) throw new Error('AuditService.append must run inside a transaction (txHost)');
    // 1. Lock the chain head (created at genesis on first use) and reserve the row id, in one statement.
    const [head] = await preparedQuery<AuditHead>(this.txHost.tx, AUDIT_HEAD_SQL('$1', '$2'), [chainKeyOf(e.organizationId), GENESIS_HASH]);
    await this.appendAt(head, e);
  }

  /**
   * The second half of append(), for a caller whose own statement already locked the chain head with AUDIT_HEAD_SQL
   * (one round trip less while the head and the caller's rows are locked — registration, bench B1). Same transaction.
   */
  async appendAt(head: AuditHead, e: AuditEntry): Promise<void> {
    if (!this.txHost.isTransactionActive()) throw new Error('AuditService.append must run inside a transaction (txHost)');
    const chainKey = chainKeyOf(e.organizationId);
    const em = this.txHost.tx;
    const row = {
      id: head.id, chainKey, seq: Number(head.last_seq) + 1, organizationId: e.organizationId, actorUserId: e.actorUserId,
      onBehalfOfUserId: e.onBehalfOfUserId ?? null, action: e.action, entityType: e.entityType ?? null, entityId: e.entityId ?? null,
      data: JSON.parse(JSON.stringify(e.data ?? {})) as unknown,
      ip: clip(this.cls.isActive() ? this.cls.get('ip') : null, 64), requestId: clip(this.cls.isActive() ? this.cls.get('requestId') : null, 100),
      createdAt: this.clock.now().toISOString(), prevHash: head.last_hash,
    };
    noteBusinessEvent(em, e.action);
    const hash = keyedHash(this.config.auditKey, row);
    // 2. Advance the head and write the row, in one statement.
    await preparedQuery(em,
      `WITH h AS (UPDATE audit_chain_heads SET last_seq = $3, prev_hash = $14, last_hash = $15 WHERE chain_key = $2)
       INSERT INTO audit_log (id, chain_key, seq, organization_id, actor_user_id, on_behalf_of_user_id, action, entity_type, entity_id,
                              data, ip, request_id, created_at, prev_hash, hash, hash_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [row.id, chainKey, row.seq, row.organizationId, row.actorUserId, row.onBehalfOfUserId, row.action, row.entityType, row.entityId,
        JSON.stringify(row.data), row.ip, row.requestId, row.createdAt, row.prevHash, hash, KEYED_VERSION],
    );
  }

  /** Recomputes the chain of an organization (or 'system'); the first row whose hash or link does not match is named. */
  async verify(chainKey: string): Promise<AuditVerification> {
    const em = this.txHost.tx;
    const walker = new ChainWalker(this.config.auditKey);
    const pageSize = 5000;
    let broken: BrokenRow | undefined;
    for (let after = 0; !broken; ) {
      const rows = (await em.query(
        `SELECT * FROM audit_log WHERE chain_key = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [chainKey, after, pageSize],
      )) as StoredAuditRow[];
      for (const r of rows) if ((broken = walker.next(r) ?? undefined)) break;
      if (rows.length < pageSize) break;
      after = Number(rows[rows.length - 1].seq);
    }
    if (!broken) {
      const [head] = (await em.query(`SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_key = $1`, [chainKey])) as {
        last_seq: string; last_hash: string;
      }[];
      if (head && (Number(head.last_seq) !== walker.checked || head.last_hash !== walker.prev)) {
        broken = { id: '', seq: walker.checked + 1, reason: 'the chain head does not match the last row (rows missing at the end)' };
      }
    }
    return {
      ok: !broken, checkedRows: walker.checked, legacyRows: walker.legacy, ...(broken ? { firstBrokenRow: broken } : {}),
      head: { seq: walker.checked, hash: walker.prev },
    };
  }

  /** The hash of one row of a chain (null when there is no such row), for checkpoint comparison. */
  async hashAt(chainKey: string, seq: number): Promise<string | null> {
    const [r] = (await this.txHost.tx.query(`SELECT hash FROM audit_log WHERE chain_key = $1 AND seq = $2`, [chainKey, seq])) as { hash: string }[];
    return r?.hash ?? null;
  }

  async list(organizationId: string, page: number, pageSize: number) {
    const em = this.txHost.tx;
    const rows = (await em.query(
      `SELECT id, seq, actor_user_id, on_behalf_of_user_id, action, entity_type, entity_id, data, created_at
         FROM audit_log WHERE chain_key = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3`,
      [organizationId, pageSize, (page - 1) * pageSize],
    )) as Record<string, unknown>[];
    const [{ count }] = (await em.query(`SELECT count(*)::int AS count FROM audit_log WHERE chain_key = $1`, [organizationId])) as { count: number }[];
    return {
      items: rows.map((r) => ({
        id: String(r.id), seq: Number(r.seq), actorUserId: r.actor_user_id, onBehalfOfUserId: r.on_behalf_of_user_id,
        action: r.action, entityType: r.entity_type, entityId: r.entity_id, data: r.data, createdAt: r.created_at,
      })),
      total: count, page, pageSize,
    };
  }
}
