import { createHash } from 'node:crypto';

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
