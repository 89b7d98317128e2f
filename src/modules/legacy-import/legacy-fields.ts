/**
 * What a legacy register file may hold, per kind, and the Vietnamese headers each field is recognised by.
 * Headers are compared after `normalizeHeader` (no diacritics, lower case, punctuation and spacing ignored).
 */
export type ImportKind = 'incoming_register' | 'outgoing_register';
export const IMPORT_KINDS: ImportKind[] = ['incoming_register', 'outgoing_register'];

export type FieldKey =
  | 'arrivalNumber' | 'arrivalDate' | 'issuerName' | 'symbol' | 'documentDate' | 'summary' | 'documentType'
  | 'recipient' | 'note' | 'scanFile' | 'number' | 'signerName';

export interface FieldDef {
  key: FieldKey;
  /** The header a clerk knows it by (error messages name the file's own header when there is one). */
  label: string;
  required: boolean;
  /** Normalized header phrases; a header equal to one scores higher than a header containing one. */
  synonyms: string[];
}

const F = (key: FieldKey, label: string, required: boolean, synonyms: string[]): FieldDef => ({ key, label, required, synonyms });

const COMMON_TAIL: FieldDef[] = [
  F('documentType', 'Tên loại', false, ['ten loai', 'loai van ban', 'the loai']),
  F('note', 'Ghi chú', false, ['ghi chu', 'ghi chu khac']),
  F('scanFile', 'Tệp đính kèm', false, ['tep dinh kem', 'tep', 'ten tep', 'file', 'ten file', 'ban scan', 'ban quet', 'tep scan']),
];

export const FIELDS: Record<ImportKind, FieldDef[]> = {
  incoming_register: [
    F('arrivalNumber', 'Số đến', true, ['so den', 'so thu tu den', 'so vb den', 'so van ban den']),
    F('arrivalDate', 'Ngày đến', true, ['ngay den', 'ngay nhan', 'ngay thang den']),
    F('issuerName', 'Tác giả', true, ['tac gia', 'co quan ban hanh', 'noi gui', 'co quan gui', 'noi ban hanh', 'don vi ban hanh', 'co quan to chuc ban hanh']),
    F('symbol', 'Số, ký hiệu văn bản', true, ['so ky hieu van ban', 'so ky hieu', 'so va ky hieu', 'ky hieu', 'so ky hieu vb']),
    F('documentDate', 'Ngày tháng văn bản', true, ['ngay thang van ban', 'ngay van ban', 'ngay thang', 'ngay ban hanh', 'ngay thang vb', 'ngay vb']),
    F('summary', 'Tên loại và trích yếu nội dung', true, ['ten loai va trich yeu noi dung van ban', 'ten loai va trich yeu noi dung', 'trich yeu noi dung', 'trich yeu', 'noi dung']),
    F('recipient', 'Đơn vị hoặc người nhận', false, ['don vi hoac nguoi nhan', 'don vi nguoi nhan', 'nguoi nhan', 'don vi nhan', 'noi nhan']),
    ...COMMON_TAIL,
  ],
  outgoing_register: [
    F('number', 'Số', false, ['so', 'so thu tu', 'so di', 'so vb di']),
    F('symbol', 'Số, ký hiệu văn bản', true, ['so ky hieu van ban', 'so ky hieu', 'so va ky hieu', 'ky hieu', 'so ky hieu vb']),
    F('documentDate', 'Ngày tháng văn bản', true, ['ngay thang van ban', 'ngay van ban', 'ngay thang', 'ngay ban hanh', 'ngay thang vb', 'ngay vb']),
    F('summary', 'Tên loại và trích yếu nội dung', true, ['ten loai va trich yeu noi dung van ban', 'ten loai va trich yeu noi dung', 'trich yeu noi dung', 'trich yeu', 'noi dung']),
    F('signerName', 'Người ký', false, ['nguoi ky', 'nguoi ky van ban', 'ho ten nguoi ky']),
    F('recipient', 'Nơi nhận văn bản', false, ['noi nhan van ban', 'noi nhan', 'don vi nhan']),
    ...COMMON_TAIL,
  ],
};

export const fieldsOf = (kind: ImportKind): FieldDef[] => FIELDS[kind];

/** "Số, ký hiệu" → "so ky hieu"; "Ngày  đến" → "ngay den": diacritics, đ, case, punctuation and spacing ignored. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
