import { KIND_TITLES } from '../export-file-name';
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
  const title = heading.registerName ? `${KIND_TITLES[kind].toUpperCase()} — ${heading.registerName}` : KIND_TITLES[kind].toUpperCase();
  return {
    sheet: KIND_TITLES[kind],
    titleLines: [title, `${heading.agencyName ?? ''} — từ ${dmy(from)} đến ${dmy(to)}`],
    columns: columns.map((c) => ({ header: c.header, width: c.width, type: c.type })),
    rows: values(),
  };
}
