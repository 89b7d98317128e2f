import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FieldSql } from '../../common/authz/accessible-sql';
import { invalidState } from '../../common/errors/domain-error';
import { preparedQuery } from '../../database/prepared-query';
import { STATE_SECRET_LEVELS } from './incoming-document.entity';
import { DocumentRow, HistoryRow, LineRow, RESPONSE_FIELDS, STATUS_LABELS } from './incoming-record';
import { LINE_USER_VALID } from './incoming-worklist.sql';

export const SECRET_SQL = `(d.confidentiality = ANY('{${STATE_SECRET_LEVELS.join(',')}}'::text[]))`;
const lineExists = (cond: string) => `EXISTS (SELECT 1 FROM incoming_lines l WHERE l.organization_id = d.organization_id AND l.document_id = d.id AND ${cond})`;

/** The CASL fields of an incoming document as SQL over `incoming_documents d` (see incoming-documents.policy.ts). */
export const INCOMING_FIELD_SQL: Record<string, FieldSql> = {
  organizationId: 'd.organization_id',
  stateSecret: SECRET_SQL,
  scopeDepartmentId: 'd.scope_department_id',
  registeredByUserId: 'd.registered_by_user_id',
  submittedToUserId: 'd.submitted_to_user_id',
  lineDepartmentIds: (op, p) => lineExists(op === 'eq' ? `l.department_id = ${p}` : `l.department_id = ANY(${p})`),
  lineUserIds: (op, p) => lineExists(op === 'eq' ? `l.user_id = ${p}` : `l.user_id = ANY(${p})`),
};

// node-pg turns DATE into a local-midnight Date: business dates travel as 'YYYY-MM-DD' text instead.
const ymd = (col: string, as: string) => `to_char(${col}, 'YYYY-MM-DD') AS ${as}`;
const DATE_FIELDS = new Set<string>(['arrival_date', 'document_date', 'due_date']);
export const DATES = [...DATE_FIELDS].map((f) => ymd(`d.${f}`, f)).join(', ') + ',';
export const LINE_SELECT = `SELECT l.*, ${ymd('l.deadline', 'deadline')},
  lu.full_name AS user_name, lu.position_title AS user_position, au.full_name AS assigned_by_name, au.position_title AS assigned_by_position,
  ld.name AS department_name
  FROM incoming_lines l LEFT JOIN users lu ON lu.id = l.user_id LEFT JOIN users au ON au.id = l.assigned_by_user_id
  LEFT JOIN departments ld ON ld.id = l.department_id`;

/** The select list of DOCUMENT_SELECT over `incoming_documents d` (lists join it to a page of ids). */
export const DOCUMENT_COLUMNS = `d.*, ${SECRET_SQL} AS state_secret, ${DATES}
         ARRAY(SELECT DISTINCT l.department_id FROM incoming_lines l
                WHERE l.organization_id = d.organization_id AND l.document_id = d.id AND l.department_id IS NOT NULL) AS line_department_ids,
         ARRAY(SELECT DISTINCT l.user_id FROM incoming_lines l
                WHERE l.organization_id = d.organization_id AND l.document_id = d.id AND l.user_id IS NOT NULL) AS line_user_ids`;

/** A list's select list over `incoming_documents d`: what the response carries, business dates as text (see DATES). */
export const LIST_COLUMNS = RESPONSE_FIELDS.map((f) => (DATE_FIELDS.has(f) ? ymd(`d.${f}`, f) : `d.${f}`)).join(', ');

export const DOCUMENT_SELECT = `
  SELECT ${DOCUMENT_COLUMNS}
    FROM incoming_documents d`;

/** SQL for incoming documents, lines and history. Every method takes the organization id first and refuses an empty one. */
@Injectable()
export class IncomingDocumentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private org(orgId: string | null | undefined): string {
    if (!orgId) throw new Error('IncomingDocumentsRepository: organization id is required');
    return orgId;
  }

  /** Rows of a SELECT, or of an INSERT/UPDATE … RETURNING (TypeORM 1.x returns [rows, count] for those). */
  async rows<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
    const result = (await this.txHost.tx.query(sql, params)) as unknown;
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as R[];
    return result as R[];
  }

  /** Rows of a SELECT whose text depends only on its shape, prepared once per connection (database/prepared-query.ts). */
  preparedRows<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    return preparedQuery<R>(this.txHost.tx, sql, params);
  }

  async findDocument(orgId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<DocumentRow | null> {
    if (opts.forUpdate) await this.rows(`SELECT 1 FROM incoming_documents WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [this.org(orgId), id]);
    const [row] = await this.preparedRows<DocumentRow>(`${DOCUMENT_SELECT} WHERE d.organization_id = $1 AND d.id = $2`, [this.org(orgId), id]);
    return row ?? null;
  }

  lines(orgId: string, documentId: string): Promise<LineRow[]> {
    return this.preparedRows<LineRow>(
      `${LINE_SELECT} WHERE l.organization_id = $1 AND l.document_id = $2 ORDER BY l.created_at, l.id`, [this.org(orgId), documentId]);
  }

  async findLine(orgId: string, documentId: string, lineId: string): Promise<LineRow | null> {
    const [row] = await this.rows<LineRow>(
      `${LINE_SELECT} WHERE l.organization_id = $1 AND l.document_id = $2 AND l.id = $3`, [this.org(orgId), documentId, lineId]);
    return row ?? null;
  }

  history(orgId: string, documentId: string): Promise<HistoryRow[]> {
    return this.preparedRows<HistoryRow>(
      `SELECT h.*, u.full_name AS actor_name, u.position_title AS actor_position, ob.full_name AS on_behalf_of_name
         FROM incoming_document_history h LEFT JOIN users u ON u.id = h.actor_user_id LEFT JOIN users ob ON ob.id = h.on_behalf_of_user_id
        WHERE h.organization_id = $1 AND h.document_id = $2 ORDER BY h.seq`,
      [this.org(orgId), documentId]);
  }

  async insertDocument(orgId: string, values: Record<string, unknown>): Promise<string> {
    return (await this.insertDocumentReturning(orgId, values)).id;
  }

  /** Inserts and returns the row as findDocument would read it (a new document has no lines yet). */
  async insertDocumentReturning(orgId: string, values: Record<string, unknown>): Promise<DocumentRow> {
    const cols = Object.keys(values);
    const [row] = await this.rows<DocumentRow>(
      `INSERT INTO incoming_documents AS d (organization_id, ${cols.join(', ')}) VALUES ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')})
       RETURNING d.*, ${SECRET_SQL} AS state_secret, ${DATES} '{}'::uuid[] AS line_department_ids, '{}'::uuid[] AS line_user_ids`,
      [this.org(orgId), ...cols.map((c) => values[c])]);
    return row;
  }

  async insertLine(orgId: string, values: Record<string, unknown>): Promise<string> {
    const cols = Object.keys(values);
    const [row] = await this.rows<{ id: string }>(
      `INSERT INTO incoming_lines (organization_id, ${cols.join(', ')}) VALUES ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
      [this.org(orgId), ...cols.map((c) => values[c])]);
    return row.id;
  }

  async addHistory(orgId: string, h: {
    documentId: string; lineId?: string | null; action: string; actorUserId: string | null; onBehalfOfUserId?: string | null;
    note?: string | null; data?: Record<string, unknown>; at: Date;
  }): Promise<void> {
    await this.rows(
      `INSERT INTO incoming_document_history (organization_id, document_id, line_id, action, actor_user_id, on_behalf_of_user_id, note, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [this.org(orgId), h.documentId, h.lineId ?? null, h.action, h.actorUserId, h.onBehalfOfUserId ?? null, h.note ?? null,
        JSON.stringify(h.data ?? {}), h.at.toISOString()]);
  }

  /** A new line held by one person (a handler given a line, or a line handed on to someone else) and its history row. */
  async handLineTo(orgId: string, handlerId: string, line: {
    documentId: string; parentLineId: string | null; role: string; departmentId: string | null; deadline: string | null; instruction: string | null;
  }, by: { userId: string; at: Date; action: 'line_assigned' | 'line_reassigned'; note: string | null; data: Record<string, unknown> }): Promise<string> {
    const lineId = await this.insertLine(orgId, {
      document_id: line.documentId, parent_line_id: line.parentLineId, role: line.role, department_id: line.departmentId, user_id: handlerId,
      handled_by: null, status: 'pending', deadline: line.deadline, instruction: line.instruction, assigned_by_user_id: by.userId, created_at: by.at,
    });
    await this.addHistory(orgId, { documentId: line.documentId, lineId, action: by.action, actorUserId: by.userId, note: by.note, at: by.at, data: by.data });
    return lineId;
  }

  /**
   * Guarded status change of a document: `UPDATE … WHERE status = ANY(expected)`. Zero rows means someone else moved it
   * first (or it was never in that state): 409 INVALID_STATE naming the state it is in now.
   */
  async transitionDocument(orgId: string, id: string, expected: string[], next: string, set: Record<string, unknown> = {}): Promise<void> {
    const cols = Object.keys(set);
    const assignments = cols.map((c, i) => `, ${c} = $${i + 5}`).join('');
    const updated = await this.rows(
      `UPDATE incoming_documents SET status = $4, updated_at = now(), version = version + 1${assignments}
        WHERE organization_id = $1 AND id = $2 AND status = ANY($3) RETURNING id`,
      [this.org(orgId), id, expected, next, ...cols.map((c) => set[c])]);
    if (!updated.length) await this.throwDocumentState(orgId, id, next);
  }

  async transitionLine(orgId: string, lineId: string, expected: string[], next: string, set: Record<string, unknown> = {}): Promise<void> {
    const cols = Object.keys(set);
    const assignments = cols.map((c, i) => `, ${c} = $${i + 5}`).join('');
    const updated = await this.rows(
      `UPDATE incoming_lines SET status = $4${assignments} WHERE organization_id = $1 AND id = $2 AND status = ANY($3) RETURNING id`,
      [this.org(orgId), lineId, expected, next, ...cols.map((c) => set[c])]);
    if (updated.length) return;
    const [now] = await this.rows<{ status: string }>(`SELECT status FROM incoming_lines WHERE organization_id = $1 AND id = $2`, [orgId, lineId]);
    throw invalidState(`Dòng xử lý đang ở trạng thái "${STATUS_LABELS[now?.status] ?? now?.status}", không thể chuyển sang "${STATUS_LABELS[next] ?? next}".`,
      [{ currentStatus: now?.status ?? null }]);
  }

  private async throwDocumentState(orgId: string, id: string, next: string): Promise<never> {
    const [now] = await this.rows<{ status: string }>(`SELECT status FROM incoming_documents WHERE organization_id = $1 AND id = $2`, [orgId, id]);
    throw invalidState(
      `Văn bản đến đang ở trạng thái "${STATUS_LABELS[now?.status] ?? now?.status}", không thể chuyển sang "${STATUS_LABELS[next] ?? next}".`,
      [{ currentStatus: now?.status ?? null }]);
  }

  /** A registration with the same issuer, symbol and document date in this organization and arrival year. */
  /**
   * Serialises concurrent registrations of the same document (issuer, symbol, date), so two clerks cannot both slip
   * past the duplicate check, which the next statement makes (IncomingRegistrationRepository.insertNumbered).
   */
  async lockDuplicateKey(orgId: string, issuerName: string, symbol: string, documentDate: string): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [duplicateLockKey(this.org(orgId), issuerName, symbol, documentDate)]);
  }

  async departmentStaffing(orgId: string, departmentId: string): Promise<{ id: string; name: string; clerks: number; heads: number } | null> {
    const [row] = await this.rows<{ id: string; name: string; clerks: number; heads: number }>(
      `SELECT d.id, d.name,
              (SELECT count(*) FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
                WHERE r.department_id = d.id AND r.role = 'clerk')::int AS clerks,
              (SELECT count(*) FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
                WHERE r.department_id = d.id AND r.role = 'head')::int AS heads
         FROM departments d WHERE d.organization_id = $1 AND d.id = $2`, [this.org(orgId), departmentId]);
    return row ?? null;
  }

  /** The named holder of a line is active and (for a department hand-off) still belongs to that department. */
  async lineHolderValid(orgId: string, lineId: string): Promise<boolean> {
    const [row] = await this.rows<{ ok: boolean }>(
      `SELECT ${LINE_USER_VALID} AS ok FROM incoming_lines l WHERE l.organization_id = $1 AND l.id = $2`, [this.org(orgId), lineId]);
    return !!row?.ok;
  }

  /** Every open line of a document is closed (the document completed, or its direction is redone). */
  async closeOpenLines(orgId: string, documentId: string, status: 'completed' | 'returned', set: Record<string, unknown>): Promise<string[]> {
    const cols = Object.keys(set);
    const rows = await this.rows<{ id: string }>(
      `UPDATE incoming_lines SET status = $3${cols.map((c, i) => `, ${c} = $${i + 4}`).join('')}
        WHERE organization_id = $1 AND document_id = $2 AND status IN ('pending', 'in_progress') RETURNING id`,
      [this.org(orgId), documentId, status, ...cols.map((c) => set[c])]);
    return rows.map((r) => r.id);
  }

  async userInOrg(orgId: string, userId: string): Promise<{ id: string; full_name: string; position_title?: string; roles: { role: string; department_id: string | null }[] } | null> {
    const [row] = await this.rows<{ id: string; full_name: string; roles: { role: string; department_id: string | null }[] }>(
      `SELECT u.id, u.full_name,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'department_id', r.department_id)) FROM role_assignments r WHERE r.user_id = u.id), '[]') AS roles
         FROM users u WHERE u.organization_id = $1 AND u.id = $2 AND NOT u.disabled`, [this.org(orgId), userId]);
    return row ?? null;
  }

  /** The ward's active Chủ tịch and Phó Chủ tịch (told at once of a Hỏa tốc / Thượng khẩn document). */
  async leaderIds(orgId: string): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT DISTINCT u.id FROM users u JOIN role_assignments r ON r.user_id = u.id
        WHERE u.organization_id = $1 AND NOT u.disabled AND r.role IN ('chairman', 'vice_chairman')`, [this.org(orgId)]);
    return rows.map((r) => r.id);
  }

  async organizationName(orgId: string): Promise<string> {
    const [row] = await this.rows<{ name: string }>(`SELECT name FROM organizations WHERE id = $1`, [this.org(orgId)]);
    return row?.name ?? '';
  }

  /** The unit whose register holds the document: the department for a department register, else the organization. */
  async registeringUnitName(orgId: string, registerId: string | null): Promise<string> {
    const [row] = await this.rows<{ name: string }>(
      `SELECT COALESCE(dep.name, o.name) AS name FROM organizations o
         LEFT JOIN registers r ON r.organization_id = o.id AND r.id = $2
         LEFT JOIN departments dep ON dep.organization_id = o.id AND dep.id = r.department_id
        WHERE o.id = $1`, [this.org(orgId), registerId]);
    return row?.name ?? '';
  }

  async departmentName(orgId: string, departmentId: string): Promise<string | null> {
    const [row] = await this.rows<{ name: string }>(`SELECT name FROM departments WHERE organization_id = $1 AND id = $2`, [this.org(orgId), departmentId]);
    return row?.name ?? null;
  }
}

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** The advisory lock's key for one document (issuer, symbol, date) in one organization. */
export const duplicateLockKey = (orgId: string, issuerName: string, symbol: string, documentDate: string) =>
  `incoming-dup|${orgId}|${norm(issuerName)}|${norm(symbol)}|${documentDate}`;
