import { noteBusinessEvent } from '../../common/metrics/business-events';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { Clock } from '../../common/time/clock';
import { auditDigest, auditHash, CHAIN_HASH_SQL, chainHash, GENESIS_HASH } from './audit-hash';

export interface AuditEntry {
  organizationId: string | null;
  actorUserId: string | null;
  onBehalfOfUserId?: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAt: { id: string; seq: number; reason: string } | null;
}

interface AuditRow {
  id: string;
  chain_key: string;
  seq: string;
  organization_id: string | null;
  actor_user_id: string | null;
  on_behalf_of_user_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  data: unknown;
  created_at: Date;
  prev_hash: string;
  hash: string;
  hash_version: number;
}

/**
 * Append-only, hash-chained audit log, one chain per organization ('system' for deployment-level events).
 * append() runs inside the caller's transaction, so the audit row commits or rolls back with the change it records.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly clock: Clock,
  ) {}

  async append(e: AuditEntry): Promise<void> {
    // Outside a transaction the head row's lock would be released at once and concurrent appends could fork the chain.
    if (!this.txHost.isTransactionActive()) throw new Error('AuditService.append must run inside a transaction (txHost)');
    const content = {
      chainKey: e.organizationId ?? 'system',
      organizationId: e.organizationId,
      actorUserId: e.actorUserId,
      onBehalfOfUserId: e.onBehalfOfUserId ?? null,
      action: e.action,
      entityType: e.entityType ?? null,
      entityId: e.entityId ?? null,
      data: JSON.parse(JSON.stringify(e.data ?? {})) as unknown,
      createdAt: this.clock.now().toISOString(),
    };
    noteBusinessEvent(this.txHost.tx, e.action);
    // One statement: lock and advance the chain head (prev ← last, last ← hash(last, seq, digest)), then write the row.
    await this.txHost.tx.query(
      `WITH head AS (
         INSERT INTO audit_chain_heads AS h (chain_key, last_seq, prev_hash, last_hash)
         VALUES ($1, 1, $2::text, ${CHAIN_HASH_SQL('$2::text', '1', '$3::text')})
         ON CONFLICT (chain_key) DO UPDATE SET prev_hash = h.last_hash, last_seq = h.last_seq + 1,
           last_hash = ${CHAIN_HASH_SQL('h.last_hash', 'h.last_seq + 1', '$3::text')}
         RETURNING last_seq, prev_hash, last_hash)
       INSERT INTO audit_log (chain_key, seq, organization_id, actor_user_id, on_behalf_of_user_id, action, entity_type, entity_id,
                              data, ip, request_id, created_at, prev_hash, hash, hash_version)
       SELECT $1, head.last_seq, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, head.prev_hash, head.last_hash, 2 FROM head`,
      [content.chainKey, GENESIS_HASH, auditDigest(content), content.organizationId, content.actorUserId, content.onBehalfOfUserId,
        content.action, content.entityType, content.entityId, JSON.stringify(content.data),
        this.cls.isActive() ? this.cls.get('ip') ?? null : null, this.cls.isActive() ? this.cls.get('requestId') ?? null : null,
        content.createdAt],
    );
  }

  /** Recomputes the chain of an organization; the first row whose hash or link does not match is named. */
  async verify(organizationId: string): Promise<AuditVerification> {
    const em = this.txHost.tx;
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    const pageSize = 5000;
    for (let after = 0; ; ) {
      const rows = (await em.query(
        `SELECT id, chain_key, seq, organization_id, actor_user_id, on_behalf_of_user_id, action, entity_type, entity_id, data,
                created_at, prev_hash, hash, hash_version
           FROM audit_log WHERE chain_key = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [organizationId, after, pageSize],
      )) as AuditRow[];
      for (const r of rows) {
        const broken = this.check(r, prev, expectedSeq);
        if (broken) return { ok: false, checked, brokenAt: { id: String(r.id), seq: Number(r.seq), reason: broken } };
        prev = r.hash;
        expectedSeq++;
        checked++;
      }
      if (rows.length < pageSize) break;
      after = Number(rows[rows.length - 1].seq);
    }
    const [head] = (await em.query(`SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_key = $1`, [organizationId])) as {
      last_seq: string; last_hash: string;
    }[];
    if (head && (Number(head.last_seq) !== checked || head.last_hash !== prev)) {
      return { ok: false, checked, brokenAt: { id: '', seq: checked + 1, reason: 'rows missing at the end of the chain' } };
    }
    return { ok: true, checked, brokenAt: null };
  }

  private check(r: AuditRow, prev: string, expectedSeq: number): string | null {
    if (Number(r.seq) !== expectedSeq) return `sequence gap: expected ${expectedSeq}`;
    if (r.prev_hash !== prev) return 'link to the previous row does not match';
    const content = {
      chainKey: r.chain_key, organizationId: r.organization_id, actorUserId: r.actor_user_id, onBehalfOfUserId: r.on_behalf_of_user_id,
      action: r.action, entityType: r.entity_type, entityId: r.entity_id, data: r.data, createdAt: new Date(r.created_at).toISOString(),
    };
    const recomputed = Number(r.hash_version) === 1
      ? auditHash({ ...content, seq: Number(r.seq), prevHash: r.prev_hash })
      : chainHash(r.prev_hash, Number(r.seq), auditDigest(content));
    return recomputed === r.hash ? null : 'content does not match its hash';
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
