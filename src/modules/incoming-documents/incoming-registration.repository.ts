import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AUDIT_HEAD_SQL, type AuditHead } from '../audit/audit.service';
import { GENESIS_HASH } from '../audit/audit-hash';
import { preparedQuery } from '../../database/prepared-query';
import { NEXT_NUMBER_SQL } from '../registers/register-number.sql';
import { DATES, duplicateLockKey, SECRET_SQL } from './incoming-documents.repository';
import type { DocumentRow } from './incoming-record';

export interface RegistrationHistory {
  actorUserId: string;
  note: string | null;
  /** History data besides the arrival number, which the statement adds itself. */
  data: Record<string, unknown>;
  at: Date;
}

/** insertNumbered's answer: the numbered row, or — when a duplicate exists and was not allowed — only its id. */
export interface NumberedInsert {
  row: DocumentRow | null;
  duplicateOf: string | null;
  auditHead: AuditHead | null;
}

/**
 * Registration's write in ONE statement: the duplicate check (after the caller's advisory lock, so this statement's
 * snapshot sees a concurrent registration of the same document), the next number of the register (counter CTE) — only
 * when there is no duplicate or it is allowed, so a refusal never consumes a number — the numbered document, its
 * "registered" history row, and the audit chain head locked for the audit row that follows (AuditService.appendAt).
 * The counter row lock is held from here to commit, so every round trip inside that window delays the next
 * registration in the same register (bench B1): this one replaces five.
 */
@Injectable()
export class IncomingRegistrationRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * The duplicate lock (IncomingDocumentsRepository.lockDuplicateKey) and the scope's default register of the year, in
   * one round trip: null when that register does not exist yet (the caller creates it). The lock is taken either way.
   */
  async lockAndFindDefaultRegister(orgId: string, year: number, departmentId: string | null, confidential: boolean,
    duplicate: { issuerName: string; symbol: string; documentDate: string }): Promise<{ id: string; departmentId: string | null } | null> {
    if (!orgId) throw new Error('lockAndFindDefaultRegister: organization id is required');
    const [row] = await preparedQuery<{ id: string | null; department_id: string | null }>(this.txHost.tx,
      `SELECT r.id, r.department_id
         FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) locked
         LEFT JOIN registers r ON r.organization_id = $2 AND r.kind = 'incoming' AND r.year = $3 AND r.is_default
                              AND r.confidential = $4 AND r.department_id IS NOT DISTINCT FROM $5::uuid`,
      [duplicateLockKey(orgId, duplicate.issuerName, duplicate.symbol, duplicate.documentDate), orgId, year, confidential, departmentId]);
    return row?.id ? { id: row.id, departmentId: row.department_id } : null;
  }

  async insertNumbered(orgId: string, registerId: string, year: number, values: Record<string, unknown>, history: RegistrationHistory,
    duplicate: { issuerName: string; symbol: string; documentDate: string; allow: boolean; note: string }): Promise<NumberedInsert> {
    if (!orgId) throw new Error('insertNumbered: organization id is required');
    const cols = Object.keys(values);
    const first = 4;
    const h = first + cols.length;
    const k = h + 4;
    const norm = (p: string) => `lower(regexp_replace(${p}, '\\s+', '', 'g'))`;
    const result = await preparedQuery<DocumentRow & { duplicate_of: string | null; audit_last_seq: string | null; audit_last_hash: string | null; audit_id: string | null }>(
      this.txHost.tx,
      `WITH dup AS (SELECT id FROM incoming_documents
                     WHERE organization_id = $1 AND duplicate_key = ${norm(`$${k}`)} || '|' || ${norm(`$${k + 1}`)}
                       AND document_date = $${k + 2} AND arrival_year = $3
                     ORDER BY arrival_number LIMIT 1),
       go AS (SELECT (SELECT id FROM dup) AS dup_id WHERE $${k + 3}::boolean OR NOT EXISTS (SELECT 1 FROM dup)),
       n AS (${NEXT_NUMBER_SQL('$1', '$2', '$3', 'go')}),
       d AS (INSERT INTO incoming_documents (organization_id, register_id, arrival_year, arrival_number, allow_duplicate, ${cols.join(', ')})
             SELECT $1, $2, $3, n.last_number, go.dup_id IS NOT NULL, ${cols.map((_, i) => `$${first + i}`).join(', ')} FROM n, go RETURNING *),
       h AS (INSERT INTO incoming_document_history (organization_id, document_id, action, actor_user_id, note, data, created_at)
             SELECT $1, d.id, 'registered', $${h}, CASE WHEN go.dup_id IS NOT NULL THEN $${k + 4} ELSE $${h + 1} END,
                    $${h + 2}::jsonb || jsonb_build_object('arrivalNumber', d.arrival_number)
                      || CASE WHEN go.dup_id IS NOT NULL THEN jsonb_build_object('allowDuplicate', true, 'duplicateOf', go.dup_id) ELSE '{}' END,
                    $${h + 3} FROM d, go),
       a AS (${AUDIT_HEAD_SQL('$1::text', `$${k + 5}::text`, 'd')})
       SELECT d.*, ${SECRET_SQL} AS state_secret, ${DATES} '{}'::uuid[] AS line_department_ids, '{}'::uuid[] AS line_user_ids,
              (SELECT id FROM dup) AS duplicate_of, a.last_seq AS audit_last_seq, a.last_hash AS audit_last_hash, a.id AS audit_id
         FROM (SELECT 1) one LEFT JOIN d ON true LEFT JOIN a ON true`,
      [orgId, registerId, year, ...cols.map((c) => values[c]), history.actorUserId, history.note, JSON.stringify(history.data), history.at.toISOString(),
        duplicate.issuerName, duplicate.symbol, duplicate.documentDate, duplicate.allow, duplicate.note, GENESIS_HASH],
    );
    const [r] = result;
    const { duplicate_of: duplicateOf, audit_last_seq: lastSeq, audit_last_hash: lastHash, audit_id: auditId, ...row } = r;
    if (row.id === null) return { row: null, duplicateOf, auditHead: null };
    return { row: row as DocumentRow, duplicateOf, auditHead: { last_seq: lastSeq as string, last_hash: lastHash as string, id: auditId as string } };
  }
}
