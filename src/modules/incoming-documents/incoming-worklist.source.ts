import { Injectable } from '@nestjs/common';
import { departmentsWithRole, type Actor } from '../../common/auth/actor';
import { accessibleSql, type FieldSql } from '../../common/authz/accessible-sql';
import type { Urgency, WorklistItem, WorklistSource } from '../worklist/worklist.types';
import { INCOMING_FIELD_SQL, IncomingDocumentsRepository } from './incoming-documents.repository';

interface ItemRow {
  id: string;
  line_id: string | null;
  summary: string;
  action: string;
  deadline: string | null;
  urgency: Urgency;
  /** ISO 8601 in UTC with milliseconds, formatted by PostgreSQL (see ISO_MS). */
  since: string;
}

/**
 * A timestamptz as `Date#toISOString()` writes it (UTC, milliseconds truncated like node-pg's parser), formatted by
 * PostgreSQL: parsing thousands of timestamps into Date objects only to print them again was a visible part of a heavy
 * clerk's /inbox (issue 6, B3).
 */
const ISO_MS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const lineDepartmentIds = INCOMING_FIELD_SQL.lineDepartmentIds as (op: 'eq' | 'in', p: string) => string;
const lineUserIds = INCOMING_FIELD_SQL.lineUserIds as (op: 'eq' | 'in', p: string) => string;
/**
 * INCOMING_FIELD_SQL for a query that has joined one of d's own lines as `l`. "d has a line of department/user X" is an
 * EXISTS over d's lines; the joined line answers it first when it is that line (it is one of d's lines, so the result is
 * the same), and the EXISTS runs only otherwise — for a heavy clerk that saves one index probe per open line (issue 6, B3).
 */
const LINE_AWARE_FIELD_SQL: Record<string, FieldSql> = {
  ...INCOMING_FIELD_SQL,
  lineDepartmentIds: (op, p) => `(${op === 'eq' ? `l.department_id = ${p}` : `l.department_id = ANY(${p})`} OR ${lineDepartmentIds(op, p)})`,
  lineUserIds: (op, p) => `(${op === 'eq' ? `l.user_id = ${p}` : `l.user_id = ANY(${p})`} OR ${lineUserIds(op, p)})`,
};

/**
 * The incoming part of /inbox: a department line waits for that department's clerks (its head when it has no clerk)
 * until received, then for them to hand it on; a person's line waits for that person; a document presented to a leader
 * waits for their direction; a document delivered inside the deployment waits for a clerk of its scope to register it.
 */
@Injectable()
export class IncomingWorklistSource implements WorklistSource {
  readonly kind = 'incoming' as const;

  constructor(private readonly repo: IncomingDocumentsRepository) {}

  async items(actor: Actor, today: string): Promise<WorklistItem[]> {
    if (!actor.orgId) return [];
    const clerkOf = departmentsWithRole(actor, 'clerk');
    const headOf = departmentsWithRole(actor, 'head', 'deputy_head');
    const params: unknown[] = [actor.orgId, actor.userId, clerkOf, headOf];
    const readable = accessibleSql(actor.ability, 'read', 'IncomingDocument', LINE_AWARE_FIELD_SQL, params.length + 1);
    params.push(...readable.params);
    const canRegisterReceived = accessibleSql(actor.ability, 'register', 'IncomingDocument', INCOMING_FIELD_SQL, params.length + 1);
    params.push(...canRegisterReceived.params);
    // A line with a live child has been handed on: it waits for the child's holder, not for this one.
    const handedOn = `EXISTS (SELECT 1 FROM incoming_lines c WHERE c.parent_line_id = l.id AND c.status IN ('pending', 'in_progress', 'completed'))`;
    const rows = await this.repo.rows<ItemRow>(
      `SELECT d.id, l.id AS line_id, d.summary, d.urgency, to_char(l.deadline, 'YYYY-MM-DD') AS deadline, ${ISO_MS('l.created_at')} AS since,
              CASE WHEN l.status = 'pending' THEN 'receive' WHEN l.user_id IS NULL THEN 'assign' ELSE 'handle' END AS action
         FROM incoming_lines l JOIN incoming_documents d ON d.organization_id = l.organization_id AND d.id = l.document_id
        WHERE l.organization_id = $1 AND l.status IN ('pending', 'in_progress') AND NOT ${handedOn} AND ${readable.sql}
          AND (l.user_id = $2
               OR (l.user_id IS NULL AND l.handled_by = 'clerks' AND l.department_id = ANY($3::uuid[]))
               OR (l.user_id IS NULL AND l.handled_by = 'head' AND l.department_id = ANY($4::uuid[])))
       UNION ALL
       SELECT d.id, NULL, d.summary, d.urgency, to_char(d.due_date, 'YYYY-MM-DD'), ${ISO_MS('d.updated_at')}, 'direct'
         FROM incoming_documents d
        WHERE d.organization_id = $1 AND d.status = 'awaiting_direction' AND d.submitted_to_user_id = $2
       UNION ALL
       SELECT d.id, NULL, d.summary, d.urgency, to_char(d.due_date, 'YYYY-MM-DD'), ${ISO_MS('d.created_at')}, 'register'
         FROM incoming_documents d
        WHERE d.organization_id = $1 AND d.status = 'received' AND ${canRegisterReceived.sql}`,
      params);
    return rows.map((r) => ({
      kind: 'incoming', id: r.id, lineId: r.line_id, title: r.summary, action: r.action, deadline: r.deadline, urgency: r.urgency,
      overdue: !!r.deadline && r.deadline < today, since: r.since,
    }));
  }
}
