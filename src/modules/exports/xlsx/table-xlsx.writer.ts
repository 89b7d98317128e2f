import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { sheetName } from './sheet-name';

export type CellType = 'text' | 'date' | 'number' | 'percent';
export interface XlsxColumn {
  header: string;
  width: number;
  type: CellType;
}
export type CellValue = string | number | Date | null | undefined;

export interface XlsxTable {
  sheet: string;
  /** Lines above the header row (title, agency, period), bold first line. */
  titleLines: string[];
  columns: XlsxColumn[];
  rows: AsyncIterable<CellValue[]>;
  creator?: string;
  created?: Date;
}

const FORMATS: Record<CellType, string | undefined> = {
  text: '@',
  date: 'dd/mm/yyyy',
  number: '0',
  percent: '0.0%',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;
/** Decree 30 documents are set in Times New Roman (LibreOffice shows it as the metric-compatible Liberation Serif). */
const FONT = { name: 'Times New Roman', size: 11 };
const LINE_PT = 15;

/**
 * The streaming writer cannot measure text, and Excel/LibreOffice do not grow a row that has wrapped text when the
 * file says nothing: estimate the lines each text cell wraps to (about one character of 11 pt per width unit, rounded down: better a line too many than a line hidden).
 */
function rowHeight(texts: { text: string; width: number }[]): number {
  let lines = 1;
  for (const { text, width } of texts) {
    const perLine = Math.max(1, Math.floor(width));
    const n = text.split('\n').reduce((a, part) => a + Math.max(1, Math.ceil(Array.from(part).length / perLine)), 0);
    lines = Math.max(lines, n);
  }
  return lines * LINE_PT;
}

/** A calendar day as the Excel date of that day (exceljs counts dates in UTC, so midnight UTC is the day itself). */
export function excelDate(v: CellValue): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return new Date(Date.UTC(v.getUTCFullYear(), v.getUTCMonth(), v.getUTCDate()));
  const m = DAY.exec(String(v));
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(String(v));
  return vn ? new Date(Date.UTC(Number(vn[3]), Number(vn[2]) - 1, Number(vn[1]))) : null;
}

function cell(type: CellType, v: CellValue): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  switch (type) {
    case 'date':
      return excelDate(v) ?? String(v);
    case 'number':
    case 'percent': {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) ? n : String(v);
    }
    default:
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  }
}

/**
 * One sheet written with exceljs's streaming WorkbookWriter: every row is committed (flushed to the zip stream) as it
 * comes, so memory does not grow with the number of rows. Real cell types (dates with dd/mm/yyyy, numbers), a frozen
 * header row, column widths, landscape print setup with the header repeated on every printed page.
 * Returns the number of data rows written.
 */
export async function writeTableXlsx(out: Writable, table: XlsxTable, onRow?: (written: number) => void): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = table.creator ?? 'vanthu';
  wb.created = table.created ?? new Date();
  const headerRow = table.titleLines.length + 1;
  const ws = wb.addWorksheet(sheetName(table.sheet), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` },
  });
  // Column styles are what every new cell of the column starts with: set once here rather than on 50,000 rows.
  ws.columns = table.columns.map((c, i) => ({
    key: `c${i}`, width: c.width,
    style: { font: FONT, alignment: { vertical: 'top', wrapText: c.type === 'text' }, ...(FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {}) },
  }));
  table.titleLines.forEach((line, i) => {
    const r = ws.addRow([line]);
    r.getCell(1).font = { ...FONT, bold: i === 0, size: i === 0 ? 13 : 11 };
    r.getCell(1).numFmt = 'General';
    r.getCell(1).alignment = { vertical: 'bottom', wrapText: false };
    r.commit();
  });
  const header = ws.addRow(table.columns.map((c) => c.header));
  header.height = rowHeight(table.columns.map((c) => ({ text: c.header, width: c.width * 0.8 })));
  header.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.numFmt = 'General';
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  header.commit();
  let written = 0;
  for await (const values of table.rows) {
    const cells = table.columns.map((c, i) => cell(c.type, values[i]));
    const row = ws.addRow(cells);
    const texts: { text: string; width: number }[] = [];
    table.columns.forEach((c, i) => {
      if (c.type === 'text' && typeof cells[i] === 'string') texts.push({ text: cells[i] as string, width: c.width });
    });
    row.height = rowHeight(texts);
    row.commit();
    written += 1;
    onRow?.(written);
  }
  ws.commit();
  await wb.commit();
  return written;
}
