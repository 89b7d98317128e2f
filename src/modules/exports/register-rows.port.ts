import type { Writable } from 'node:stream';
import type { RegisterExportKind } from './export.types';

/**
 * What the exports need from the printed-registers module (src/modules/registers-print, helper regprint):
 * the Decree 30 columns of each register, a streaming row source and the PDF renderer.
 * TEMPORARY until that module is merged; then these re-export its types.
 */
export interface RegisterColumn {
  key: string;
  header: string;
  width: number;
  type: 'text' | 'date' | 'number';
}
export type RegisterRow = Record<string, string | number | Date | null>;
export interface RegisterQuery {
  organizationId: string;
  kind: RegisterExportKind;
  registerId?: string;
  departmentId?: string;
  from: string;
  to: string;
}
export interface RegisterHeading {
  agencyName: string;
  registerName: string;
  year: number;
  [k: string]: unknown;
}
export interface RegisterRowSourcePort {
  count(q: RegisterQuery): Promise<number>;
  stream(q: RegisterQuery): AsyncIterable<RegisterRow>;
  heading(q: RegisterQuery): Promise<RegisterHeading>;
}
export interface RegisterPdfRendererPort {
  render(heading: RegisterHeading, kind: RegisterExportKind, rows: AsyncIterable<RegisterRow>, out: Writable, onRows?: (n: number) => void): Promise<unknown>;
}
export const REGISTER_ROWS = Symbol('REGISTER_ROWS');
export const REGISTER_PDF = Symbol('REGISTER_PDF');

/** TEMPORARY (replaced by the printed-registers module's REGISTER_COLUMNS): Decree 30 order, Phụ lục IV. */
export const REGISTER_COLUMNS: Record<RegisterExportKind, RegisterColumn[]> = {
  incoming_register: [
    { key: 'arrivalDate', header: 'Ngày đến', width: 11, type: 'date' },
    { key: 'arrivalNumber', header: 'Số đến', width: 8, type: 'number' },
    { key: 'issuerName', header: 'Tác giả', width: 24, type: 'text' },
    { key: 'symbol', header: 'Số, ký hiệu văn bản', width: 16, type: 'text' },
    { key: 'documentDate', header: 'Ngày tháng văn bản', width: 11, type: 'date' },
    { key: 'typeAndSummary', header: 'Tên loại và trích yếu nội dung văn bản', width: 44, type: 'text' },
    { key: 'recipient', header: 'Đơn vị hoặc người nhận', width: 20, type: 'text' },
    { key: 'handedOverAt', header: 'Ngày chuyển', width: 11, type: 'date' },
    { key: 'signature', header: 'Ký nhận', width: 10, type: 'text' },
    { key: 'note', header: 'Ghi chú', width: 16, type: 'text' },
  ],
  outgoing_register: [],
  incoming_tracking: [],
};
