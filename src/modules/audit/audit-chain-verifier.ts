import { auditDigest, auditHash, chainHash, GENESIS_HASH, KEYED_VERSION, keyedHash } from './audit-hash';

/** An audit_log row as PostgreSQL returns it. */
export interface StoredAuditRow {
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
  ip: string | null;
  request_id: string | null;
  created_at: Date;
  prev_hash: string;
  hash: string;
  hash_version: number;
}

export interface BrokenRow {
  id: string;
  seq: number;
  reason: string;
}

/**
 * Walks one chain in order. Version 1/2 rows (unkeyed SHA-256, written before the keyed chain) still verify, but only
 * as a prefix: an unkeyed row after a keyed one is a downgrade and counts as broken.
 */
export class ChainWalker {
  prev = GENESIS_HASH;
  expectedSeq = 1;
  checked = 0;
  legacy = 0;
  private keyedSeen = false;

  constructor(private readonly key: Buffer) {}

  /** Checks the next row; returns why it is broken, or null and advances. */
  next(r: StoredAuditRow): BrokenRow | null {
    const reason = this.problem(r);
    if (reason) return { id: String(r.id), seq: Number(r.seq), reason };
    this.prev = r.hash;
    this.expectedSeq++;
    this.checked++;
    return null;
  }

  private problem(r: StoredAuditRow): string | null {
    const version = Number(r.hash_version);
    if (Number(r.seq) !== this.expectedSeq) return `sequence gap: expected ${this.expectedSeq}`;
    if (r.prev_hash !== this.prev) return 'link to the previous row does not match';
    if (version === KEYED_VERSION) this.keyedSeen = true;
    else if (this.keyedSeen) return `unkeyed row (version ${version}) after keyed rows`;
    else if (version !== 1 && version !== 2) return `unknown hash version ${version}`;
    else this.legacy++;
    return expectedHash(r, this.key) === r.hash ? null : 'content does not match its hash';
  }
}

function expectedHash(r: StoredAuditRow, key: Buffer): string {
  const createdAt = new Date(r.created_at).toISOString();
  const content = {
    chainKey: r.chain_key, organizationId: r.organization_id, actorUserId: r.actor_user_id, onBehalfOfUserId: r.on_behalf_of_user_id,
    action: r.action, entityType: r.entity_type, entityId: r.entity_id, data: r.data, createdAt,
  };
  const version = Number(r.hash_version);
  if (version === 1) return auditHash({ ...content, seq: Number(r.seq), prevHash: r.prev_hash });
  if (version === 2) return chainHash(r.prev_hash, Number(r.seq), auditDigest(content));
  return keyedHash(key, { ...content, id: String(r.id), seq: Number(r.seq), ip: r.ip, requestId: r.request_id, prevHash: r.prev_hash });
}
