/**
 * Keyset pages of the printed registers. Each statement takes
 * $1 organization, $2 register id (or null), $3 department id (or null), $4 from day, $5 to day,
 * $6 key day, $7 key number, $8 key id (the last row of the previous page; null on the first page), $9 page size.
 * Without a register id, the statement reads the non-confidential registers of the kind whose department is $3
 * (null = the agency's registers). Days come back as text (YYYY-MM-DD) in the organization's zone.
 */

/** Which registers a query reads. */
const REGISTER_SCOPE = (kind: 'incoming' | 'outgoing') => `
  SELECT r.id FROM registers r
   WHERE r.organization_id = $1 AND r.kind = '${kind}'
     AND (CASE WHEN $2::uuid IS NOT NULL THEN r.id = $2::uuid
               ELSE r.department_id IS NOT DISTINCT FROM $3::uuid AND NOT r.confidential END)`;

const INCOMING_KEYSET = `
  AND ($6::date IS NULL OR (d.arrival_date, COALESCE(d.arrival_number, -1), d.id) > ($6::date, $7::int, $8::uuid))
  ORDER BY d.arrival_date, COALESCE(d.arrival_number, -1), d.id
  LIMIT $9`;

const INCOMING_BASE = `
  FROM incoming_documents d
  JOIN organizations o ON o.id = d.organization_id
 WHERE d.organization_id = $1
   AND d.register_id IN (${REGISTER_SCOPE('incoming')})
   AND d.arrival_date BETWEEN $4::date AND $5::date`;

/** Names on the top-level lines of the direction: lead first, then co-ordinating, then for information. */
const LINE_NAMES = `
  LEFT JOIN LATERAL (
    SELECT string_agg(COALESCE(u.full_name, dep.name, ''), '; ' ORDER BY
             CASE l.role WHEN 'lead' THEN 0 WHEN 'coordinate' THEN 1 ELSE 2 END, l.created_at) FILTER (WHERE l.role = 'lead') AS lead_names,
           string_agg(COALESCE(u.full_name, dep.name, ''), '; ' ORDER BY l.created_at) FILTER (WHERE l.role = 'coordinate') AS coordinate_names,
           string_agg(COALESCE(u.full_name, dep.name, ''), '; ' ORDER BY l.created_at) FILTER (WHERE l.role = 'inform') AS inform_names,
           min(l.created_at) AS first_line_at,
           min(l.deadline) FILTER (WHERE l.role = 'lead') AS lead_deadline,
           count(*) FILTER (WHERE l.role = 'lead') AS lead_count,
           count(*) FILTER (WHERE l.role = 'lead' AND l.status = 'completed') AS lead_completed,
           max(l.completed_at) FILTER (WHERE l.role = 'lead') AS lead_completed_at,
           (array_agg(l.reply_document_id) FILTER (WHERE l.reply_document_id IS NOT NULL))[1] AS reply_document_id
      FROM incoming_lines l
      LEFT JOIN departments dep ON dep.organization_id = l.organization_id AND dep.id = l.department_id
      LEFT JOIN users u ON u.id = l.user_id
     WHERE l.organization_id = d.organization_id AND l.document_id = d.id AND l.parent_line_id IS NULL
  ) ln ON true`;

export const INCOMING_REGISTER_PAGE_SQL = `
SELECT d.id, d.arrival_date::text AS key_day, COALESCE(d.arrival_number, -1) AS key_number,
       d.arrival_number, d.arrival_date::text AS arrival_date, d.issuer_name, d.symbol, d.document_date::text AS document_date,
       d.document_type, d.summary, d.note, d.urgency, d.status,
       ln.lead_names, ln.coordinate_names, ln.inform_names,
       (ln.first_line_at AT TIME ZONE o.time_zone)::date::text AS transfer_date
  ${INCOMING_BASE.replace('WHERE', `${LINE_NAMES}\n WHERE`)}
  ${INCOMING_KEYSET}`;

export const INCOMING_TRACKING_PAGE_SQL = `
SELECT d.id, d.arrival_date::text AS key_day, COALESCE(d.arrival_number, -1) AS key_number,
       d.arrival_number, d.issuer_name, d.symbol, d.document_date::text AS document_date, d.document_type,
       d.due_date::text AS due_date, d.note, d.status, d.completed_at, o.time_zone,
       ln.lead_names, ln.coordinate_names, ln.inform_names, ln.lead_deadline::text AS lead_deadline,
       ln.lead_count, ln.lead_completed, ln.lead_completed_at,
       COALESCE(rep.symbol, rep2.symbol) AS reply_symbol
  ${INCOMING_BASE.replace('WHERE', `${LINE_NAMES}
  LEFT JOIN outgoing_documents rep ON rep.organization_id = d.organization_id AND rep.id = ln.reply_document_id
  LEFT JOIN LATERAL (
    SELECT string_agg(od.symbol, '; ' ORDER BY od.issued_date, od.number) AS symbol
      FROM outgoing_documents od
     WHERE od.organization_id = d.organization_id AND od.reply_to_incoming_id = d.id AND od.symbol IS NOT NULL
  ) rep2 ON true
 WHERE`)}
  ${INCOMING_KEYSET}`;

export const INCOMING_COUNT_SQL = `SELECT count(*)::int AS n ${INCOMING_BASE}`;

const OUTGOING_BASE = `
  FROM outgoing_documents d
  JOIN organizations o ON o.id = d.organization_id
 WHERE d.organization_id = $1
   AND d.register_id IN (${REGISTER_SCOPE('outgoing')})
   AND d.number IS NOT NULL AND d.issued_date BETWEEN $4::date AND $5::date`;

export const OUTGOING_REGISTER_PAGE_SQL = `
SELECT d.id, d.issued_date::text AS key_day, d.number AS key_number,
       d.symbol, d.issued_date::text AS issued_date, d.document_type, d.summary, d.urgency, d.status,
       COALESCE(d.signature_block->>'name', signer.full_name) AS signer_name,
       dep.name AS department_name, rc.names AS recipient_names, rc.n AS recipient_count,
       (d.issued_at AT TIME ZONE o.time_zone)::date::text AS transfer_date
  ${OUTGOING_BASE.replace('WHERE', `
  LEFT JOIN users signer ON signer.id = COALESCE(d.signed_by_user_id, d.signer_id)
  LEFT JOIN departments dep ON dep.organization_id = d.organization_id AND dep.id = d.department_id
  LEFT JOIN LATERAL (
    SELECT string_agg(COALESCE(rd.name, ro.name, r.name, ''), '; ' ORDER BY r.position) AS names, count(*)::int AS n
      FROM outgoing_document_recipients r
      LEFT JOIN departments rd ON rd.organization_id = r.organization_id AND rd.id = r.department_id
      LEFT JOIN organizations ro ON ro.id = r.recipient_organization_id
     WHERE r.organization_id = d.organization_id AND r.outgoing_document_id = d.id
  ) rc ON true
 WHERE`)}
  AND ($6::date IS NULL OR (d.issued_date, d.number, d.id) > ($6::date, $7::int, $8::uuid))
  ORDER BY d.issued_date, d.number, d.id
  LIMIT $9`;

export const OUTGOING_COUNT_SQL = `SELECT count(*)::int AS n ${OUTGOING_BASE}`;

/** Cover data: the agency, the register (when one is named) and the first and last number of the period. */
export const HEADING_SQL = `
SELECT o.name AS agency_name, o.parent_name, o.short_name,
       (SELECT r.name FROM registers r WHERE r.organization_id = o.id AND r.id = $2::uuid) AS register_name,
       (SELECT r.year FROM registers r WHERE r.organization_id = o.id AND r.id = $2::uuid) AS register_year,
       (SELECT dep.name FROM departments dep WHERE dep.organization_id = o.id AND dep.id = $3::uuid) AS department_name
  FROM organizations o WHERE o.id = $1`;

export const INCOMING_RANGE_SQL = `SELECT min(d.arrival_number) AS from_number, max(d.arrival_number) AS to_number ${INCOMING_BASE}`;
export const OUTGOING_RANGE_SQL = `SELECT min(d.number) AS from_number, max(d.number) AS to_number ${OUTGOING_BASE}`;
