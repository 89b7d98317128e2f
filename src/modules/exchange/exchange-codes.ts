import { DOCUMENT_TYPES } from '../catalogs/document-types';
import type { EdxmlStatusCode } from './edxml-port';

/** What each status code means for the sender's view of a recipient (QCVN 102 status package, DOMAIN §2.4). */
export const STATUS_WORDS: Record<EdxmlStatusCode, string> = {
  '01': 'arrived', '02': 'refused', '03': 'accepted', '04': 'assigned', '05': 'processing', '06': 'done',
  '13': 'recall_requested', '15': 'recalled', '16': 'recall_refused',
};

/** Vietnamese wording of the status packages this gateway sends. */
export const STATUS_TEXT: Record<EdxmlStatusCode, string> = {
  '01': 'Đã đến', '02': 'Từ chối tiếp nhận', '03': 'Đã tiếp nhận (vào sổ)', '04': 'Đã phân công xử lý', '05': 'Đang xử lý',
  '06': 'Đã xử lý xong', '13': 'Yêu cầu thu hồi', '15': 'Đồng ý thu hồi', '16': 'Từ chối thu hồi',
};

/**
 * Status packages may arrive late, twice or out of order (the axis delays and duplicates); the recipient's status only
 * moves forward. A refusal, a recall and its answer come after any processing status.
 */
export const STATUS_RANK: Record<string, number> = {
  sending: 0, failed: 0, sent: 0.5, '01': 1, '03': 3, '04': 4, '05': 5, '06': 6, '02': 7, '13': 8, '15': 9, '16': 9,
};

export const isStatusCode = (c: string): c is EdxmlStatusCode => Object.prototype.hasOwnProperty.call(STATUS_WORDS, c);

/** edXML priority 0–4 ↔ our urgency (4 "hỏa tốc hẹn giờ" is read as Hỏa tốc). */
export const PRIORITY_OF: Record<string, number> = { normal: 0, urgent: 1, very_urgent: 2, flash: 3 };
export const urgencyOf = (p: number | undefined): string => (['normal', 'urgent', 'very_urgent', 'flash', 'flash'][Number(p)] ?? 'normal');

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase().trim();

/** Our catalogue key for an edXML DocumentType (by its name; the numeric code lists of the axes disagree, DOMAIN §2.3). */
export function documentTypeKeyOf(typeName: string | undefined): string {
  const wanted = fold(typeName ?? '');
  return DOCUMENT_TYPES.find((t) => fold(t.name) === wanted)?.key ?? 'CONG_VAN';
}

/** The edXML DocumentType for one of ours: Type = its position in the Decree 30 list (1-based), TypeName its name. */
export function edxmlDocumentType(key: string): { type: number; typeName: string } {
  const i = DOCUMENT_TYPES.findIndex((t) => t.key === key);
  return { type: i + 1, typeName: DOCUMENT_TYPES[i]?.name ?? 'Công văn' };
}

/** QCVN 102 mã định danh shape V1V2V3.Z1Z2.Y1Y2.X1X2X3 — a warning only, identifiers are kept as given (DOMAIN §2.1). */
export const QCVN_ORGAN_ID = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/** YYYY-MM-DD from a model date (the library already converts the wire form); null when unreadable. */
export const isoDateOf = (d: string | undefined) => {
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})/.exec(d ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
};
