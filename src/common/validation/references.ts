import { DomainError, ErrorDetail } from '../errors/domain-error';

/**
 * Which table an id field of a request body points into, by the field's name — the API names its references
 * consistently (`…UserId`, `departmentId`, `replyToIncomingId`, …). Every such id must belong to the caller's
 * organization; `organizationId` is deliberately absent (a recipient organization is another organization by design).
 */
export const REFERENCE_FIELDS: Readonly<Record<string, string>> = {
  userId: 'users', leaderId: 'users', signerId: 'users', reviewerId: 'users', onBehalfOfUserId: 'users',
  fromUserId: 'users', toUserId: 'users', headUserId: 'users', assigneeUserId: 'users',
  departmentId: 'departments',
  replyToIncomingId: 'incoming_documents', sourceIncomingId: 'incoming_documents', incomingDocumentId: 'incoming_documents',
  replyDocumentId: 'outgoing_documents', outgoingDocumentId: 'outgoing_documents',
  parentTaskId: 'tasks', taskId: 'tasks',
  fileId: 'files', draftFileId: 'files',
  registerId: 'registers',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DEPTH = 8;

export type Query = (sql: string, params: unknown[]) => Promise<{ id: string }[]>;

interface Reference {
  field: string;
  table: string;
  id: string;
}

function collect(value: unknown, path: string, out: Reference[], depth: number): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    const field = path ? `${path}.${key}` : key;
    const table = Array.isArray(value) ? undefined : REFERENCE_FIELDS[key];
    if (table && typeof v === 'string' && UUID.test(v)) out.push({ field, table, id: v.toLowerCase() });
    else if (table && Array.isArray(v)) v.forEach((x, i) => typeof x === 'string' && UUID.test(x) && out.push({ field: `${field}.${i}`, table, id: x.toLowerCase() }));
    else collect(v, field, out, depth + 1);
  }
}

/** The id fields of `body` that name nothing in organization `orgId` (one query per table involved). */
export async function foreignReferences(query: Query, orgId: string, body: unknown): Promise<ErrorDetail[]> {
  const refs: Reference[] = [];
  collect(body, '', refs, 0);
  if (refs.length === 0) return [];
  const byTable = new Map<string, Set<string>>();
  for (const r of refs) byTable.set(r.table, (byTable.get(r.table) ?? new Set()).add(r.id));
  const found = new Set<string>();
  for (const [table, ids] of byTable) {
    const rows = await query(`SELECT id::text AS id FROM ${table} WHERE organization_id = $1 AND id = ANY($2::uuid[])`, [orgId, [...ids]]);
    for (const row of rows) found.add(`${table}:${row.id}`);
  }
  return refs
    .filter((r) => !found.has(`${r.table}:${r.id}`))
    .map((r) => ({ field: r.field, message: `Trường "${r.field}" trỏ tới bản ghi không tồn tại hoặc không thuộc đơn vị của bạn.` }));
}

/** 404 NOT_FOUND naming each field whose id is not in the caller's organization. System administrators (no org) pass. */
export async function assertReferencesInOrganization(query: Query, orgId: string | null | undefined, body: unknown): Promise<void> {
  if (!orgId) return;
  const details = await foreignReferences(query, orgId, body);
  if (details.length) {
    throw new DomainError('NOT_FOUND', 'Dữ liệu gửi lên nhắc tới bản ghi không tồn tại hoặc bạn không có quyền xem.', details.slice(0, 20));
  }
}
