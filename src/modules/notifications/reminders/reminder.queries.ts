/**
 * SQL of the reminder scan and of the items it reminds about. Tasks are this issue's; incoming lines belong to the
 * incoming-documents module and are read here with plain SQL (guarded by to_regclass until that table exists).
 */

export type ReminderEntity = 'task' | 'incoming_line';
export type ReminderKind = 'due_soon' | 'due_today' | 'overdue';

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
         (t.status = 'in_progress') AS open
    FROM tasks t WHERE t.organization_id = $1 AND t.id = $2`;

export const INCOMING_LINE_FOR_REMINDER_SQL = `
  SELECT l.id, d.summary AS title, l.deadline::text AS deadline, l.status, l.user_id AS assignee_user_id,
         l.department_id AS assignee_department_id, l.assigned_by_user_id, d.id AS document_id,
         (l.status IN ('pending', 'in_progress')) AS open
    FROM incoming_lines l JOIN incoming_documents d ON d.id = l.document_id AND d.organization_id = l.organization_id
   WHERE l.organization_id = $1 AND l.id = $2`;

/** Who acts for a department: its head and deputy heads (active accounts). */
export const DEPARTMENT_LEADS_SQL = `
  SELECT DISTINCT r.user_id FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
   WHERE r.organization_id = $1 AND r.department_id = $2 AND r.role IN ('head', 'deputy_head')`;
