/**
 * SQL pieces of the incoming worklist (incoming-worklist.source.ts): who may still act on an item, by column.
 * "Valid" means the person named on the item is active and still holds the role that lets them act on it; when not,
 * the item falls back to the chain of its department (routing/fallback-order.ts). A person and their roles belong to
 * the document's organization (users.service gives roles in the user's own), so the organization conditions change no
 * answer: they let PostgreSQL hash only the ward's people when it turns a NOT EXISTS into an anti-join, instead of every
 * user and role of the province (bench B5, EXPLAIN).
 */

/** A line's named holder is active and (for a department's hand-off) still belongs to that department. */
export const LINE_USER_VALID = `EXISTS (SELECT 1 FROM users vu WHERE vu.id = l.user_id AND vu.organization_id = l.organization_id AND NOT vu.disabled
  AND (l.department_id IS NULL OR EXISTS (SELECT 1 FROM role_assignments vr WHERE vr.user_id = vu.id AND vr.department_id = l.department_id)))`;

/** The clerk (or head) who registered a document still keeps that scope's register. */
export const REGISTRAR_VALID = (office: string) => `EXISTS (SELECT 1 FROM users vu JOIN role_assignments vr ON vr.user_id = vu.id
  WHERE vu.id = d.registered_by_user_id AND vu.organization_id = d.organization_id AND vr.organization_id = d.organization_id
    AND NOT vu.disabled AND vr.role IN ('clerk', 'head') AND vr.department_id = coalesce(d.scope_department_id, ${office}))`;

/** The person a document was presented to is still a leader (or the head of the document's department). */
export const LEADER_VALID = `EXISTS (SELECT 1 FROM users vu JOIN role_assignments vr ON vr.user_id = vu.id
  WHERE vu.id = d.submitted_to_user_id AND vu.organization_id = d.organization_id AND vr.organization_id = d.organization_id
    AND NOT vu.disabled AND (vr.role IN ('chairman', 'vice_chairman') OR (vr.role IN ('head', 'deputy_head') AND vr.department_id = d.scope_department_id)))`;

/**
 * A line handed on to a handler whose line is still open waits for that handler, not for this line's holder. Written as
 * NOT IN over the organization's live child lines (uncorrelated, so PostgreSQL hashes that small set once) rather than
 * a NOT EXISTS per line, which it planned as a sort of every open line for a merge anti-join (bench B3, EXPLAIN).
 */
export const LEAF_LINE = (org: string) => `l.id NOT IN (SELECT c.parent_line_id FROM incoming_lines c
  WHERE c.organization_id = ${org} AND c.parent_line_id IS NOT NULL AND c.status IN ('pending', 'in_progress'))`;

/** The same text is copied to a line's doc_reference by trigger (migration AddDocumentFieldsToIncomingLines): change both. */
export const REFERENCE = `CASE WHEN d.arrival_number IS NOT NULL THEN 'Số đến ' || d.arrival_number ELSE d.symbol END`;

/**
 * Present by (Decree 30, Điều 24): the same day for urgent documents, at the latest the next working day (Monday after
 * a Friday or a weekend) for the others. Public holidays are not known to vanthu.
 */
export const PRESENT_BY = (day: string) => `CASE WHEN d.urgency <> 'normal' THEN ${day}
  ELSE ${day} + CASE extract(isodow FROM ${day})::int WHEN 5 THEN 3 WHEN 6 THEN 2 ELSE 1 END END`;

/** What the holder of an open leaf line does next. */
export const LINE_ACTION = (me: string | null) => `CASE
  WHEN l.user_id IS NOT NULL AND ${me ? `l.user_id <> ${me}` : 'NOT ' + LINE_USER_VALID} THEN 'reassign'
  WHEN l.role = 'inform' THEN 'acknowledge'
  WHEN l.status = 'pending' THEN 'receive'
  WHEN l.user_id IS NULL THEN 'assign' ELSE 'handle' END`;
