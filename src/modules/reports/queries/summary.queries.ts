/**
 * Read-only, parameterized aggregates behind GET /reports/summary. Every query filters on organization_id first and
 * counts with FILTER over indexed columns (created_at / completed_at / deadline); no rows are loaded into the app.
 * Named parameters (:name) are bound positionally by `bind()`.
 *
 * :org organization, :dept department or NULL, :startAt / :endAt the period as instants (local 00:00 of `from`, local
 * 00:00 of the day after `to`), :fromDay / :toDay the local dates, :tz the organization's zone, :cutoffDay / :cutoffAt
 * for "overdue" — the day after `to` and the end of `to` for a past period, today and now while it runs: an item is
 * overdue when its deadline is before the cut-off day and it was not finished by the cut-off instant.
 */

/** Tasks by the department they were assigned to (a person's tasks count for that person's department). */
export const TASKS_SUMMARY_SQL = `
  SELECT count(*) FILTER (WHERE t.created_at >= :startAt AND t.created_at < :endAt)::int AS assigned,
         count(*) FILTER (WHERE t.completed_at >= :startAt AND t.completed_at < :endAt)::int AS done,
         count(*) FILTER (WHERE t.completed_at >= :startAt AND t.completed_at < :endAt AND t.completed_on <= t.deadline)::int AS done_on_time,
         count(*) FILTER (WHERE t.completed_at >= :startAt AND t.completed_at < :endAt)::int AS done_with_deadline,
         count(*) FILTER (WHERE t.deadline < :cutoffDay::date AND (t.completed_at IS NULL OR t.completed_at >= :cutoffAt))::int AS overdue
    FROM tasks t
   WHERE t.organization_id = :org AND (:dept::uuid IS NULL OR t.assignee_department_id = :dept::uuid) AND t.created_at < :endAt`;

/** The ward's incoming documents (no department): received = arrival date in the period. */
export const INCOMING_ORG_SUMMARY_SQL = `
  SELECT count(*) FILTER (WHERE d.arrival_date BETWEEN :fromDay::date AND :toDay::date)::int AS received,
         count(*) FILTER (WHERE d.status = 'completed' AND d.completed_at >= :startAt AND d.completed_at < :endAt)::int AS completed,
         count(*) FILTER (WHERE d.status = 'in_progress')::int AS in_progress,
         count(*) FILTER (WHERE d.status IN ('registered', 'awaiting_direction'))::int AS not_directed,
         count(*) FILTER (WHERE d.status NOT IN ('returned', 'recalled') AND d.due_date < :cutoffDay::date AND (d.completed_at IS NULL OR d.completed_at >= :cutoffAt))::int AS overdue,
         count(*) FILTER (WHERE d.status = 'completed' AND d.completed_at >= :startAt AND d.completed_at < :endAt AND d.due_date IS NOT NULL
                            AND (d.completed_at AT TIME ZONE :tz)::date <= d.due_date)::int AS completed_on_time,
         count(*) FILTER (WHERE d.status = 'completed' AND d.completed_at >= :startAt AND d.completed_at < :endAt AND d.due_date IS NOT NULL)::int AS completed_with_deadline
    FROM incoming_documents d
   WHERE d.organization_id = :org AND d.arrival_date <= :toDay::date AND NOT d.legacy`;

/**
 * One department: the lines directed to it in one role (:role = lead or coordinate; top level, not the hand-offs to its
 * own handlers). Lines exist only once a leader directed the document, so nothing here counts an undirected document.
 */
export const INCOMING_DEPARTMENT_SUMMARY_SQL = `
  SELECT count(*) FILTER (WHERE l.created_at >= :startAt AND l.created_at < :endAt)::int AS received,
         count(*) FILTER (WHERE l.status = 'completed' AND l.completed_at >= :startAt AND l.completed_at < :endAt)::int AS completed,
         count(*) FILTER (WHERE l.status IN ('pending', 'in_progress'))::int AS in_progress,
         count(*) FILTER (WHERE l.status <> 'returned' AND l.deadline < :cutoffDay::date AND (l.completed_at IS NULL OR l.completed_at >= :cutoffAt))::int AS overdue,
         count(*) FILTER (WHERE l.status = 'completed' AND l.completed_at >= :startAt AND l.completed_at < :endAt AND l.deadline IS NOT NULL
                            AND (l.completed_at AT TIME ZONE :tz)::date <= l.deadline)::int AS completed_on_time,
         count(*) FILTER (WHERE l.status = 'completed' AND l.completed_at >= :startAt AND l.completed_at < :endAt AND l.deadline IS NOT NULL)::int AS completed_with_deadline
    FROM incoming_lines l
   WHERE l.organization_id = :org AND l.department_id = :dept::uuid AND l.role = :role AND l.parent_line_id IS NULL AND l.created_at < :endAt`;

/** Issued outgoing documents by type (issued_date is a local date); the old units' registers (legacy) are not this ward's work. */
export const OUTGOING_BY_TYPE_SQL = `
  SELECT o.document_type, count(*)::int AS issued
    FROM outgoing_documents o
   WHERE o.organization_id = :org AND o.status = 'issued' AND NOT o.legacy AND o.issued_date BETWEEN :fromDay::date AND :toDay::date
   GROUP BY o.document_type ORDER BY o.document_type`;

/** The same for one department, when the outgoing table records the drafting department (department_id). */
export const OUTGOING_BY_TYPE_DEPARTMENT_SQL = OUTGOING_BY_TYPE_SQL.replace('GROUP BY', 'AND o.department_id = :dept::uuid\n   GROUP BY');

/**
 * The incoming and outgoing tables belong to other modules and may not exist yet (to_regclass): their parts of the
 * summary are zeros until they do.
 */
export const TABLES_PRESENT_SQL = `
  SELECT to_regclass('incoming_documents') IS NOT NULL AS incoming_documents,
         to_regclass('incoming_lines') IS NOT NULL AS incoming_lines,
         to_regclass('outgoing_documents') IS NOT NULL AS outgoing_documents,
         EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = 'outgoing_documents' AND column_name = 'department_id') AS outgoing_department`;

/** The period's bounds as instants for local dates :fromDay..:toDay in zone :tz. */
export const PERIOD_BOUNDS_SQL = `
  SELECT (:fromDay::date)::timestamp AT TIME ZONE :tz AS start_at, (:toDay::date + 1)::timestamp AT TIME ZONE :tz AS end_at`;

/** Binds :name parameters to $n in order of first appearance (a name used twice is one parameter). */
export function bind(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const order: string[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z]+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`bind: no value for :${name}`);
    let i = order.indexOf(name);
    if (i < 0) i = order.push(name) - 1;
    return `$${i + 1}`;
  });
  return [text, order.map((n) => values[n])];
}
