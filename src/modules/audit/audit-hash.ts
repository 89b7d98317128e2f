import { createHash, createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  chainKey: string;
  seq: number;
  organizationId: string | null;
  actorUserId: string | null;
  onBehalfOfUserId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  data: unknown;
  createdAt: string;
  prevHash: string;
}

/** JSON with object keys sorted at every level: jsonb reorders keys, so the hash must not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Version 1 (first rows of a chain written before ChainAuditInOneStatement): one hash over everything. */
export function auditHash(r: AuditRecord): string {
  const payload = canonicalJson([
    r.prevHash, r.chainKey, r.seq, r.organizationId, r.actorUserId, r.onBehalfOfUserId,
    r.action, r.entityType, r.entityId, r.data, r.createdAt,
  ]);
  return createHash('sha256').update(payload).digest('hex');
}

export type AuditContent = Omit<AuditRecord, 'seq' | 'prevHash'>;

/** Version 2: a digest of the row's content (computed by the application, canonical JSON) … */
export function auditDigest(r: AuditContent): string {
  const payload = canonicalJson([r.chainKey, r.organizationId, r.actorUserId, r.onBehalfOfUserId, r.action, r.entityType, r.entityId, r.data, r.createdAt]);
  return createHash('sha256').update(payload).digest('hex');
}

/** … chained as sha256("<prev>:<seq>:<digest>"), which PostgreSQL computes in the same statement that takes the lock. */
export function chainHash(prevHash: string, seq: number, digest: string): string {
  return createHash('sha256').update(`${prevHash}:${seq}:${digest}`).digest('hex');
}

export const CHAIN_HASH_SQL = (prev: string, seq: string, digest: string) =>
  `encode(sha256(convert_to(${prev} || ':' || (${seq})::text || ':' || ${digest}, 'UTF8')), 'hex')`;

/** Every stored column of an audit row (version 3), as the hash covers them. */
export interface AuditRowV3 {
  id: string;
  chainKey: string;
  seq: number;
  organizationId: string | null;
  actorUserId: string | null;
  onBehalfOfUserId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  data: unknown;
  ip: string | null;
  requestId: string | null;
  createdAt: string;
  prevHash: string;
}

export const KEYED_VERSION = 3;

/**
 * Version 3: HMAC-SHA-256 with a key kept outside the database (AUDIT_KEY) over the version, the previous hash and
 * every stored column. Whoever holds only the database cannot compute it, so an edited row cannot be re-chained.
 */
export function keyedHash(key: Buffer, r: AuditRowV3): string {
  if (key.length === 0) throw new Error('audit key is empty');
  const payload = canonicalJson([
    KEYED_VERSION, r.prevHash, r.id, r.chainKey, r.seq, r.organizationId, r.actorUserId, r.onBehalfOfUserId,
    r.action, r.entityType, r.entityId, r.data, r.ip, r.requestId, r.createdAt,
  ]);
  return createHmac('sha256', key).update(payload).digest('hex');
}
