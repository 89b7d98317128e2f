import type { IncomingDocumentResponseDto, IncomingHistoryResponseDto, IncomingLineResponseDto } from './dto/incoming-document.response.dto';

/** incoming_documents as read by DOCUMENT_SELECT, with the computed authorization fields. */
export interface DocumentRow {
  id: string;
  organization_id: string;
  register_id: string | null;
  arrival_number: number | null;
  arrival_date: string | null;
  arrival_year: number | null;
  channel: string;
  issuer_name: string;
  issuer_code: string | null;
  symbol: string;
  document_type: string;
  document_date: string;
  summary: string;
  signer_name: string | null;
  signer_position: string | null;
  urgency: string;
  confidentiality: string;
  page_count: number | null;
  due_date: string | null;
  note: string | null;
  status: string;
  file_id: string | null;
  scope_department_id: string | null;
  registered_by_user_id: string | null;
  submitted_to_user_id: string | null;
  directed_by_user_id: string | null;
  direction_text: string | null;
  allow_duplicate: boolean;
  created_at: Date;
  completed_at: Date | null;
  legacy?: boolean;
  legacy_label?: string | null;
  state_secret: boolean;
  line_department_ids: string[];
  line_user_ids: string[];
  overdue?: boolean;
}

export interface LineRow {
  id: string;
  organization_id: string;
  document_id: string;
  parent_line_id: string | null;
  role: string;
  department_id: string | null;
  user_id: string | null;
  handled_by: 'clerks' | 'head' | null;
  status: string;
  deadline: string | null;
  instruction: string | null;
  assigned_by_user_id: string;
  created_at: Date;
  received_at: Date | null;
  completed_at: Date | null;
  result: string | null;
  reply_document_id: string | null;
  return_reason: string | null;
  user_name?: string | null;
  user_position?: string | null;
  assigned_by_name?: string | null;
  assigned_by_position?: string | null;
  department_name?: string | null;
}

export interface HistoryRow {
  id: string;
  line_id: string | null;
  action: string;
  actor_user_id: string | null;
  on_behalf_of_user_id: string | null;
  note: string | null;
  data: Record<string, unknown>;
  created_at: Date;
  actor_name?: string | null;
  actor_position?: string | null;
  on_behalf_of_name?: string | null;
}

export const STATUS_LABELS: Record<string, string> = {
  received: 'đã nhận, chờ vào sổ',
  registered: 'đã vào sổ',
  awaiting_direction: 'chờ lãnh đạo cho ý kiến',
  in_progress: 'đang xử lý',
  completed: 'đã hoàn thành',
  returned: 'đã trả lại',
  pending: 'chờ tiếp nhận',
};

/** The CASL subject for instance checks: the same fields the list filter maps to SQL. */
export function documentSubject(d: DocumentRow): Record<string, unknown> {
  return {
    id: d.id,
    organizationId: d.organization_id,
    status: d.status,
    stateSecret: d.state_secret,
    scopeDepartmentId: d.scope_department_id,
    registeredByUserId: d.registered_by_user_id,
    submittedToUserId: d.submitted_to_user_id,
    lineDepartmentIds: d.line_department_ids ?? [],
    lineUserIds: d.line_user_ids ?? [],
  };
}

export function lineSubject(d: DocumentRow, l: LineRow): Record<string, unknown> {
  return { ...documentSubject(d), lineDepartmentId: l.department_id, lineUserId: l.user_id, lineHandledBy: l.handled_by };
}

const iso = (v: Date | string | null) => (v === null || v === undefined ? null : new Date(v).toISOString());

export function lineOverdue(l: LineRow, today: string): boolean {
  return !!l.deadline && l.deadline < today && (l.status === 'pending' || l.status === 'in_progress');
}

export function toLineResponse(l: LineRow, today: string): IncomingLineResponseDto {
  return {
    id: l.id, role: l.role, departmentId: l.department_id, userId: l.user_id, handledBy: l.handled_by, status: l.status,
    deadline: l.deadline, parentLineId: l.parent_line_id, instruction: l.instruction, assignedByUserId: l.assigned_by_user_id,
    overdue: lineOverdue(l, today), createdAt: iso(l.created_at) as string, receivedAt: iso(l.received_at), completedAt: iso(l.completed_at),
    result: l.result, replyDocumentId: l.reply_document_id, returnReason: l.return_reason,
    userName: l.user_name ?? null, userPosition: l.user_position ?? null, assignedByName: l.assigned_by_name ?? null,
    assignedByPosition: l.assigned_by_position ?? null, departmentName: l.department_name ?? null,
  };
}

export function toHistoryResponse(h: HistoryRow): IncomingHistoryResponseDto {
  return {
    id: h.id, action: h.action, lineId: h.line_id, actorUserId: h.actor_user_id, onBehalfOfUserId: h.on_behalf_of_user_id,
    note: h.note, data: h.data ?? {}, createdAt: iso(h.created_at) as string,
    actorName: h.actor_name ?? null, actorPosition: h.actor_position ?? null, onBehalfOfName: h.on_behalf_of_name ?? null,
  };
}

/** A document finished, returned to its sender or recalled by it is no longer due (the list's OVERDUE_SQL agrees). */
const NO_LONGER_DUE: readonly string[] = ['completed', 'returned', 'recalled'];

/**
 * The columns toDocumentResponse reads. A list selects these only (incoming-documents.repository LIST_COLUMNS): not the
 * line arrays the access check needs (two subqueries a row), the search text, the legacy record or the timestamps the
 * response does not carry — bench B2 and B5.
 */
export const RESPONSE_FIELDS = ['id', 'register_id', 'arrival_number', 'arrival_date', 'arrival_year', 'status', 'channel', 'issuer_name',
  'issuer_code', 'symbol', 'document_type', 'document_date', 'summary', 'signer_name', 'signer_position', 'urgency', 'confidentiality',
  'page_count', 'due_date', 'note', 'file_id', 'scope_department_id', 'registered_by_user_id', 'submitted_to_user_id', 'direction_text',
  'allow_duplicate', 'created_at', 'completed_at', 'legacy', 'legacy_label'] as const satisfies readonly (keyof DocumentRow)[];

export type DocumentResponseRow = Pick<DocumentRow, (typeof RESPONSE_FIELDS)[number] | 'overdue'>;

export function toDocumentResponse(d: DocumentResponseRow, today: string): IncomingDocumentResponseDto {
  const overdue = d.overdue ?? (!!d.due_date && d.due_date < today && !NO_LONGER_DUE.includes(d.status));
  return {
    id: d.id, arrivalNumber: d.arrival_number, arrivalDate: d.arrival_date, arrivalYear: d.arrival_year, registerId: d.register_id,
    status: d.status, channel: d.channel, issuerName: d.issuer_name, issuerCode: d.issuer_code, symbol: d.symbol,
    documentType: d.document_type, documentDate: d.document_date, summary: d.summary, signerName: d.signer_name,
    signerPosition: d.signer_position, urgency: d.urgency, confidentiality: d.confidentiality, pageCount: d.page_count,
    dueDate: d.due_date, note: d.note, fileId: d.file_id, departmentId: d.scope_department_id,
    registeredByUserId: d.registered_by_user_id, submittedToUserId: d.submitted_to_user_id, direction: d.direction_text,
    allowDuplicate: d.allow_duplicate, overdue, createdAt: iso(d.created_at) as string, completedAt: iso(d.completed_at),
    legacy: !!d.legacy, legacyLabel: d.legacy_label ?? null,
  };
}
