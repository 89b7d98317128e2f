import { isDocumentTypeKey, documentType } from '../catalogs/document-types';
import { RegisterRow, formatRegisterDate, registerDay } from './register-columns';

/** Database rows (see register-rows.sql.ts) → printed lines. */
type Raw = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The Vietnamese type name; a legacy or unknown key is printed as it is. */
export const typeName = (key: unknown): string => {
  const k = String(key ?? '');
  return isDocumentTypeKey(k) ? documentType(k).name : k;
};

const URGENCY: Record<string, string> = { urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };

/** "Tên loại và trích yếu": the summary after the type name ("Công văn V/v …", "Quyết định về việc …"). */
export function typeAndSummary(type: unknown, summary: unknown): string {
  const name = typeName(type);
  const text = String(summary ?? '').trim();
  if (!name) return text;
  return text.toLocaleLowerCase('vi').startsWith(name.toLocaleLowerCase('vi')) ? text : `${name} ${text}`;
}

/** Lead first; the others named with their role. */
export function recipientsText(r: Raw): string | null {
  const parts: string[] = [];
  if (str(r.lead_names)) parts.push(String(r.lead_names));
  if (str(r.coordinate_names)) parts.push(`Phối hợp: ${r.coordinate_names}`);
  if (str(r.inform_names)) parts.push(`Để biết: ${r.inform_names}`);
  return parts.length ? parts.join('; ') : null;
}

function notes(...parts: (string | null | undefined)[]): string | null {
  const kept = parts.filter((p): p is string => !!p && p.trim() !== '');
  return kept.length ? kept.join('; ') : null;
}

export function mapIncomingRegisterRow(r: Raw): RegisterRow {
  return {
    arrivalDate: registerDay(str(r.arrival_date)),
    arrivalNumber: num(r.arrival_number),
    issuerName: str(r.issuer_name),
    symbol: str(r.symbol),
    documentDate: registerDay(str(r.document_date)),
    typeAndSummary: typeAndSummary(r.document_type, r.summary),
    recipients: recipientsText(r),
    transferDate: registerDay(str(r.transfer_date)),
    receiverSignature: null,
    note: notes(URGENCY[String(r.urgency)], str(r.status) === 'returned' ? 'Đã trả lại' : null, str(r.note)),
  };
}

export function mapOutgoingRegisterRow(r: Raw): RegisterRow {
  return {
    symbol: str(r.symbol),
    issuedDate: registerDay(str(r.issued_date)),
    typeAndSummary: typeAndSummary(r.document_type, r.summary),
    signerName: str(r.signer_name),
    recipients: str(r.recipient_names),
    fileCopyHolder: notes('Văn thư', str(r.department_name)),
    copies: num(r.recipient_count),
    transferDate: registerDay(str(r.transfer_date)),
    receiverSignature: null,
    note: notes(URGENCY[String(r.urgency)], str(r.status) === 'recalled' ? 'Đã thu hồi' : null),
  };
}

/** "Công văn số 12/UBND-VP ngày 05/07/2025 của UBND quận Tân Bình". */
export function documentDescription(r: Raw): string {
  const day = registerDay(str(r.document_date));
  const parts = [typeName(r.document_type)];
  if (str(r.symbol)) parts.push(`số ${r.symbol}`);
  if (day) parts.push(`ngày ${formatRegisterDate(day)}`);
  if (str(r.issuer_name)) parts.push(`của ${r.issuer_name}`);
  return parts.filter(Boolean).join(' ');
}

function localDay(instant: unknown, timeZone: string): Date | null {
  if (!instant) return null;
  const text = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant as string));
  return registerDay(text);
}

/** Where handling stands, in the words of the tracking register. */
export function progressText(r: Raw): string {
  const tz = str(r.time_zone) ?? 'Asia/Ho_Chi_Minh';
  const status = str(r.status);
  if (status === 'completed') {
    const day = localDay(r.completed_at, tz);
    return day ? `Đã giải quyết ngày ${formatRegisterDate(day)}` : 'Đã giải quyết';
  }
  if (status === 'returned') return 'Đã trả lại';
  const leads = Number(r.lead_count ?? 0);
  if (!leads) return status === 'received' ? 'Chưa vào sổ' : 'Chờ chỉ đạo';
  const done = Number(r.lead_completed ?? 0);
  return done > 0 ? `Đang giải quyết (${done}/${leads} đơn vị chủ trì đã xong)` : 'Đang giải quyết';
}

export function mapIncomingTrackingRow(r: Raw): RegisterRow {
  return {
    arrivalNumber: num(r.arrival_number),
    documentDescription: documentDescription(r),
    recipients: recipientsText(r),
    deadline: registerDay(str(r.lead_deadline) ?? str(r.due_date)),
    progress: progressText(r),
    replySymbol: str(r.reply_symbol),
    note: str(r.note),
  };
}
