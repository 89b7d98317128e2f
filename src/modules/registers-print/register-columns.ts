/**
 * The columns of the printed registers, in the order and with the headings of Decree 30/2020 Phụ lục IV
 * (sổ đăng ký văn bản đi, sổ đăng ký văn bản đến, sổ theo dõi giải quyết văn bản đến).
 * `width` is in millimetres; a set that fits 267 mm (A4 landscape less the margins) prints on A4, otherwise on A3,
 * and the renderer stretches the set to the printable width.
 */
export type RegisterPrintKind = 'incoming_register' | 'outgoing_register' | 'incoming_tracking';

export const REGISTER_PRINT_KINDS: readonly RegisterPrintKind[] = ['incoming_register', 'outgoing_register', 'incoming_tracking'];

export interface RegisterColumn {
  key: string;
  header: string;
  width: number;
  type: 'text' | 'number' | 'date';
}

/**
 * One printed line. Keys are the column keys. A `Date` is a calendar day in the organization's zone, carried as
 * midnight UTC of that day (`new Date(Date.UTC(y, m - 1, d))`): read it with getUTC* (or ExcelJS's date cells).
 */
export type RegisterRow = Record<string, string | number | Date | null>;

export const REGISTER_COLUMNS: Record<RegisterPrintKind, RegisterColumn[]> = {
  // Phụ lục IV — sổ đăng ký văn bản đến (10 columns).
  incoming_register: [
    { key: 'arrivalDate', header: 'Ngày đến', width: 20, type: 'date' },
    { key: 'arrivalNumber', header: 'Số đến', width: 13, type: 'number' },
    { key: 'issuerName', header: 'Tác giả', width: 30, type: 'text' },
    { key: 'symbol', header: 'Số, ký hiệu văn bản', width: 29, type: 'text' },
    { key: 'documentDate', header: 'Ngày tháng văn bản', width: 20, type: 'date' },
    { key: 'typeAndSummary', header: 'Tên loại và trích yếu nội dung văn bản', width: 62, type: 'text' },
    { key: 'recipients', header: 'Đơn vị hoặc người nhận', width: 34, type: 'text' },
    { key: 'transferDate', header: 'Ngày chuyển', width: 20, type: 'date' },
    { key: 'receiverSignature', header: 'Ký nhận', width: 18, type: 'text' },
    { key: 'note', header: 'Ghi chú', width: 21, type: 'text' },
  ],
  // Phụ lục IV — sổ đăng ký văn bản đi (10 columns).
  outgoing_register: [
    { key: 'symbol', header: 'Số, ký hiệu văn bản', width: 28, type: 'text' },
    { key: 'issuedDate', header: 'Ngày tháng văn bản', width: 20, type: 'date' },
    { key: 'typeAndSummary', header: 'Tên loại và trích yếu nội dung văn bản', width: 62, type: 'text' },
    { key: 'signerName', header: 'Người ký', width: 27, type: 'text' },
    { key: 'recipients', header: 'Nơi nhận văn bản', width: 34, type: 'text' },
    { key: 'fileCopyHolder', header: 'Đơn vị, người nhận bản lưu', width: 28, type: 'text' },
    { key: 'copies', header: 'Số lượng bản', width: 13, type: 'number' },
    { key: 'transferDate', header: 'Ngày chuyển', width: 20, type: 'date' },
    { key: 'receiverSignature', header: 'Ký nhận', width: 18, type: 'text' },
    { key: 'note', header: 'Ghi chú', width: 17, type: 'text' },
  ],
  // Phụ lục IV — sổ theo dõi giải quyết văn bản đến (7 columns).
  incoming_tracking: [
    { key: 'arrivalNumber', header: 'Số đến', width: 14, type: 'number' },
    { key: 'documentDescription', header: 'Tên loại, số, ký hiệu, ngày tháng và cơ quan ban hành văn bản', width: 78, type: 'text' },
    { key: 'recipients', header: 'Đơn vị hoặc người nhận', width: 44, type: 'text' },
    { key: 'deadline', header: 'Thời hạn giải quyết', width: 22, type: 'date' },
    { key: 'progress', header: 'Tiến độ giải quyết', width: 44, type: 'text' },
    { key: 'replySymbol', header: 'Số, ký hiệu văn bản trả lời', width: 28, type: 'text' },
    { key: 'note', header: 'Ghi chú', width: 22, type: 'text' },
  ],
};

/** Names printed on the cover and as the page title. */
export const REGISTER_TITLES: Record<RegisterPrintKind, string> = {
  incoming_register: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN',
  outgoing_register: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI',
  incoming_tracking: 'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN',
};

/** `dd/mm/yyyy` of a register day (see RegisterRow). */
export function formatRegisterDate(d: Date): string {
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getUTCFullYear()}`;
}

/** A `YYYY-MM-DD` day as a register Date; null stays null. */
export function registerDay(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}
