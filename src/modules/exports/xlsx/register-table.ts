import { KIND_TITLES, SHEET_NAMES } from '../export-file-name';
import type { RegisterExportKind } from '../export.types';
import { REGISTER_COLUMNS, type RegisterHeading, type RegisterRow } from '../register-rows.port';
import type { CellValue, XlsxTable } from './table-xlsx.writer';

const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** A register as one sheet: the Decree 30 columns in order, the heading above them, rows streamed as they come. */
export function registerTable(kind: RegisterExportKind, heading: RegisterHeading, from: string, to: string, rows: AsyncIterable<RegisterRow>): XlsxTable {
  const columns = REGISTER_COLUMNS[kind];
  async function* values(): AsyncIterable<CellValue[]> {
    for await (const r of rows) yield columns.map((c) => r[c.key] as CellValue);
  }
  const name = heading.registerName && heading.registerName !== KIND_TITLES[kind] ? ` — ${heading.registerName}` : '';
  const title = `${KIND_TITLES[kind].toUpperCase()}${name} — năm ${heading.year}`;
  return {
    sheet: SHEET_NAMES[kind],
    titleLines: [title, `${heading.agencyName ?? ''} — từ ${dmy(from)} đến ${dmy(to)}`],
    // Register widths are millimetres on the printed page; an Excel width unit is about 1.7 mm of Times New Roman 11.
    columns: columns.map((c) => ({ header: c.header, width: Math.max(8, Math.round(c.width / 1.7)), type: c.type })),
    rows: values(),
  };
}
