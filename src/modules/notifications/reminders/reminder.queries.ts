/**
 * SQL of the reminder scan and of the items it reminds about. Tasks are this issue's; incoming lines belong to the
 * incoming-documents module and are read here with plain SQL (guarded by to_regclass until that table exists).
 */

export type ReminderEntity = 'task' | 'incoming_line' | 'incoming_document' | 'outgoing_document' | 'delegation';
/** 'starts': a delegation's first day (validFrom), told to the person who receives it. */
export type ReminderKind = 'due_soon' | 'due_today' | 'overdue' | 'starts';

export interface DueItem {
  id: string;
  kind: ReminderKind;
  day: string;
  deadline: string;
}

/**
 * Open items of one organization that need a reminder on local day $2: deadline within $3 days (due_soon, keyed by the
 * deadline so an extended deadline gets its own), on the day (due_today), or past it (overdue, keyed by the day, Monday
 * to Friday only — API.md "each working day while overdue"). Items already reminded for that (kind, day) are left out.
 */
const dueSql = (source: string, entity: ReminderEntity) => `
  WITH k AS (
    SELECT s.id, s.deadline,
           CASE WHEN s.deadline > $2::date THEN 'due_soon' WHEN s.deadline = $2::date THEN 'due_today' ELSE 'overdue' END AS kind,
           greatest(s.deadline, $2::date) AS day
      FROM (${source}) s
  )
  SELECT k.id, k.kind, k.day::text AS day, k.deadline::text AS deadline FROM k
   WHERE (k.kind <> 'overdue' OR extract(isodow FROM k.day) < 6)
     AND NOT EXISTS (SELECT 1 FROM reminders_sent r
                      WHERE r.organization_id = $1 AND r.entity_type = '${entity}' AND r.entity_id = k.id AND r.kind = k.kind AND r.day = k.day)
   ORDER BY k.deadline, k.id`;

export const DUE_TASKS_SQL = dueSql(
  `SELECT id, deadline FROM tasks WHERE organization_id = $1 AND status = 'in_progress' AND deadline <= $2::date + $3::int`,
  'task',
);

export const DUE_INCOMING_LINES_SQL = dueSql(
  `SELECT id, deadline FROM incoming_lines
    WHERE organization_id = $1 AND status IN ('pending', 'in_progress') AND deadline IS NOT NULL AND deadline <= $2::date + $3::int`,
  'incoming_line',
);

export const INCOMING_LINES_EXIST_SQL = `SELECT to_regclass('incoming_lines') IS NOT NULL AS exists`;

/** A task as the reminder needs it, re-read when the reminder is sent. */
export const TASK_FOR_REMINDER_SQL = `
  SELECT t.id, t.title, t.deadline::text AS deadline, t.status, t.assignee_user_id, t.assignee_department_id, t.assigned_by_user_id,
         (t.status = 'in_progress') AS open, t.id AS entity_id
    FROM tasks t WHERE t.organization_id = $1 AND t.id = $2`;

export const INCOMING_LINE_FOR_REMINDER_SQL = `
  SELECT l.id, d.summary AS title, l.deadline::text AS deadline, l.status, l.user_id AS assignee_user_id,
         l.department_id AS assignee_department_id, l.assigned_by_user_id, d.id AS document_id,
         (l.status IN ('pending', 'in_progress')) AS open, d.id AS entity_id
    FROM incoming_lines l JOIN incoming_documents d ON d.id = l.document_id AND d.organization_id = l.organization_id
   WHERE l.organization_id = $1 AND l.id = $2`;

/**
 * Documents with a due date that no line carries yet: incoming ones registered but not directed (the clerk who
 * registered it, then the leader it was presented to), outgoing drafts on their way to signature (drafter, reviewer,
 * signer by status).
 */
export const DUE_INCOMING_DOCUMENTS_SQL = dueSql(
  `SELECT id, due_date AS deadline FROM incoming_documents
    WHERE organization_id = $1 AND status IN ('registered', 'awaiting_direction') AND due_date IS NOT NULL AND due_date <= $2::date + $3::int`,
  'incoming_document',
);

export const DUE_OUTGOING_DOCUMENTS_SQL = dueSql(
  `SELECT id, due_date AS deadline FROM outgoing_documents
    WHERE organization_id = $1 AND status IN ('draft', 'in_review', 'awaiting_signature') AND due_date IS NOT NULL AND due_date <= $2::date + $3::int`,
  'outgoing_document',
);

export const INCOMING_DOCUMENT_FOR_REMINDER_SQL = `
  SELECT d.id, d.summary AS title, d.due_date::text AS deadline, d.status,
         CASE WHEN d.status = 'awaiting_direction' THEN d.submitted_to_user_id ELSE d.registered_by_user_id END AS assignee_user_id,
         NULL::uuid AS assignee_department_id, NULL::uuid AS assigned_by_user_id,
         (d.status IN ('registered', 'awaiting_direction')) AS open, d.id AS entity_id
    FROM incoming_documents d WHERE d.organization_id = $1 AND d.id = $2`;

export const OUTGOING_DOCUMENT_FOR_REMINDER_SQL = `
  SELECT o.id, o.summary AS title, o.due_date::text AS deadline, o.status,
         CASE o.status WHEN 'draft' THEN o.created_by_user_id WHEN 'in_review' THEN o.reviewer_id ELSE o.signer_id END AS assignee_user_id,
         NULL::uuid AS assignee_department_id, NULL::uuid AS assigned_by_user_id,
         (o.status IN ('draft', 'in_review', 'awaiting_signature')) AS open, o.id AS entity_id
    FROM outgoing_documents o WHERE o.organization_id = $1 AND o.id = $2`;

/** Delegations whose first day is today ($3 is the common lead-days parameter, unused here). */
export const DUE_DELEGATIONS_SQL = `
  SELECT g.id, 'starts' AS kind, g.valid_from::text AS day, g.valid_from::text AS deadline FROM delegations g
   WHERE g.organization_id = $1 AND g.revoked_at IS NULL AND g.valid_from = $2::date AND $3::int IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.organization_id = $1 AND r.entity_type = 'delegation'
                      AND r.entity_id = g.id AND r.kind = 'starts' AND r.day = g.valid_from)
   ORDER BY g.id`;

export const DELEGATION_FOR_REMINDER_SQL = `
  SELECT g.id, f.full_name AS title, g.valid_from::text AS deadline, g.valid_to::text AS valid_to, 'active' AS status,
         g.to_user_id AS assignee_user_id, NULL::uuid AS assignee_department_id, NULL::uuid AS assigned_by_user_id,
         (g.revoked_at IS NULL) AS open, g.id AS entity_id
    FROM delegations g JOIN users f ON f.id = g.from_user_id WHERE g.organization_id = $1 AND g.id = $2`;

/** Who acts for a department: its head and deputy heads (active accounts). */
export const DEPARTMENT_LEADS_SQL = `
  SELECT DISTINCT r.user_id FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
   WHERE r.organization_id = $1 AND r.department_id = $2 AND r.role IN ('head', 'deputy_head')`;
