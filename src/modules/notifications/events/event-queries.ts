/** SQL the document-event handler reads with (plain SQL: the documents' modules stay unaware of notifications). */

export interface IncomingFacts {
  document_id: string;
  summary: string;
  arrival_number: number | null;
  issuer_name: string;
  symbol: string;
  urgency: string;
  scope_department_id: string | null;
  submitted_to_user_id: string | null;
  line_id: string | null;
  role: string | null;
  department_id: string | null;
  user_id: string | null;
  parent_line_id: string | null;
  assigned_by_user_id: string | null;
  deadline: string | null;
  instruction: string | null;
  return_reason: string | null;
  actor_name: string | null;
}

const INCOMING_COLUMNS = `d.id AS document_id, d.summary, d.arrival_number, d.issuer_name, d.symbol, d.urgency, d.scope_department_id, d.submitted_to_user_id`;

export const INCOMING_LINE_FACTS_SQL = `
  SELECT ${INCOMING_COLUMNS}, l.id AS line_id, l.role, l.department_id, l.user_id, l.parent_line_id, l.assigned_by_user_id,
         l.deadline::text AS deadline, l.instruction, l.return_reason, a.full_name AS actor_name
    FROM incoming_lines l JOIN incoming_documents d ON d.organization_id = l.organization_id AND d.id = l.document_id
    LEFT JOIN users a ON a.id = l.assigned_by_user_id
   WHERE l.organization_id = $1 AND l.id = $2`;

export const INCOMING_DOCUMENT_FACTS_SQL = `
  SELECT ${INCOMING_COLUMNS}, NULL AS line_id, NULL AS role, NULL AS department_id, NULL AS user_id, NULL AS parent_line_id,
         NULL AS assigned_by_user_id, d.due_date::text AS deadline, NULL AS instruction, NULL AS return_reason, a.full_name AS actor_name
    FROM incoming_documents d LEFT JOIN users a ON a.id = coalesce(d.submitted_by_user_id, d.registered_by_user_id)
   WHERE d.organization_id = $1 AND d.id = $2`;

export interface OutgoingFacts {
  id: string;
  summary: string;
  document_type: string;
  status: string;
  created_by_user_id: string;
  reviewer_id: string | null;
  signer_id: string | null;
  return_reason: string | null;
  due_date: string | null;
  drafter_name: string;
}

export const OUTGOING_FACTS_SQL = `
  SELECT o.id, o.summary, o.document_type, o.status, o.created_by_user_id, o.reviewer_id, o.signer_id, o.return_reason,
         o.due_date::text AS due_date, u.full_name AS drafter_name
    FROM outgoing_documents o JOIN users u ON u.id = o.created_by_user_id
   WHERE o.organization_id = $1 AND o.id = $2`;

/** Who holds a department's line: its clerks, or its head and deputy heads when it has no active clerk. */
export const DEPARTMENT_HOLDERS_SQL = `
  WITH staff AS (
    SELECT r.user_id, r.role FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
     WHERE r.organization_id = $1 AND r.department_id = $2 AND r.role IN ('clerk', 'head', 'deputy_head'))
  SELECT DISTINCT user_id FROM staff
   WHERE role = 'clerk' OR NOT EXISTS (SELECT 1 FROM staff WHERE role = 'clerk')`;

/** The clerks of the Office (văn thư cơ quan), who register what is addressed to the organization. */
export const OFFICE_CLERKS_SQL = `
  SELECT DISTINCT r.user_id FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
    JOIN departments d ON d.id = r.department_id AND d.kind = 'office'
   WHERE r.organization_id = $1 AND r.role = 'clerk'`;

/** The organization's leaders (Chủ tịch, Phó Chủ tịch), active accounts. */
export const LEADERS_SQL = `
  SELECT DISTINCT r.user_id FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
   WHERE r.organization_id = $1 AND r.role IN ('chairman', 'vice_chairman')`;
