import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { unreadableRegisterFile, unsupportedRegisterFile } from './import-errors';
import { inspectZip } from './zip-reader';

/** A cell as the parser sees it: text, a number, or a date (a real Excel date); null when empty. */
export type CellValue = string | number | Date | null;
/** A row of the sheet with its number as the user sees it in Excel (1-based). Fully empty rows are left out. */
export interface GridRow { n: number; cells: CellValue[] }
export interface Grid { rows: GridRow[]; sheetName: string | null }

export const MAX_DATA_ROWS = 100_000;
const MAX_COLUMNS = 60;
/** An XLSX is a ZIP: its parts together may not unpack to more than this (a small file that unpacks to gigabytes is refused). */
const MAX_XLSX_UNPACKED = 200 * 1024 * 1024;
const MAX_XLSX_ENTRIES = 2_000;

const tooManyRows = () => unreadableRegisterFile(`Tệp có quá ${MAX_DATA_ROWS.toLocaleString('vi-VN')} dòng. Hãy tách sổ thành nhiều tệp (ví dụ theo năm hoặc theo quý) rồi nhập từng tệp.`);

/** XLSX (by content: a ZIP holding xl/workbook.xml) or CSV in UTF-8; anything else is refused (415). */
export async function readRegisterFile(buf: Buffer, fileName: string): Promise<Grid> {
  if (buf.length === 0) throw unreadableRegisterFile('Tệp sổ đang trống.');
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(buf);
  if (buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw unsupportedRegisterFile('Tệp Excel 97–2003 (.xls) chưa được hỗ trợ. Hãy mở tệp trong Excel và lưu lại dạng .xlsx (Excel Workbook) rồi tải lên.');
  }
  if (/\.(pdf|docx?|xls)$/i.test(fileName) || buf.subarray(0, 5).toString('latin1') === '%PDF-') {
    throw unsupportedRegisterFile('Chỉ nhận sổ dạng Excel (.xlsx) hoặc CSV (UTF-8). Hãy xuất sổ cũ ra một trong hai dạng này.');
  }
  return readCsv(buf);
}

async function readXlsx(buf: Buffer): Promise<Grid> {
  const zip = await inspectZip(buf, { maxEntries: MAX_XLSX_ENTRIES, maxEntryBytes: MAX_XLSX_UNPACKED, maxTotalBytes: MAX_XLSX_UNPACKED })
    .catch(() => { throw unreadableRegisterFile('Tệp Excel bị hỏng hoặc không phải .xlsx nên không đọc được.'); });
  if (zip.tooBig) throw unreadableRegisterFile('Tệp Excel bung ra quá lớn (có thể là tệp nén bất thường) nên hệ thống không đọc. Hãy lưu lại tệp hoặc tách sổ rồi gửi lại.');
  if (!zip.names.includes('xl/workbook.xml')) {
    throw unsupportedRegisterFile('Tệp nén này không phải sổ Excel (.xlsx). Chỉ nhận .xlsx hoặc CSV; bản quét PDF gửi trong trường "scans".');
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw unreadableRegisterFile('Tệp Excel bị hỏng nên không đọc được. Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.');
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw unreadableRegisterFile('Tệp Excel không có trang tính nào có dữ liệu.');
  if (sheet.actualRowCount > MAX_DATA_ROWS + 50) throw tooManyRows();
  const width = Math.min(sheet.columnCount, MAX_COLUMNS);
  const rows: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: CellValue[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value));
    if (cells.some((v) => v !== null)) rows.push({ n, cells: trimEnd(cells) });
  });
  return { rows, sheetName: sheet.name };
}

function readCsv(buf: Buffer): Grid {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw unreadableRegisterFile('Tệp CSV không phải mã UTF-8 nên chữ tiếng Việt sẽ bị lỗi. Trong Excel chọn "Lưu thành" → "CSV UTF-8 (Comma delimited)" rồi gửi lại.');
  }
  if (text.includes('\u0000')) throw unsupportedRegisterFile('Tệp không phải văn bản CSV. Chỉ nhận sổ dạng .xlsx hoặc CSV (UTF-8).');
  text = text.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const delimiter = [';', '\t', ','].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0].d;
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 64 * 1024, to: MAX_DATA_ROWS + 51 });
  } catch {
    throw unreadableRegisterFile('Tệp CSV sai định dạng (dấu ngoặc kép hoặc dấu phân cách không khớp) nên không đọc được.');
  }
  if (records.length > MAX_DATA_ROWS + 50) throw tooManyRows();
  const rows: GridRow[] = [];
  records.forEach((rec, i) => {
    const cells = rec.slice(0, MAX_COLUMNS).map((v) => (v.trim() === '' ? null : v.trim()));
    if (cells.some((v) => v !== null)) rows.push({ n: i + 1, cells: trimEnd(cells) });
  });
  return { rows, sheetName: null };
}

function trimEnd(cells: CellValue[]): CellValue[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === null) end--;
  return cells.slice(0, end);
}

/** exceljs values (rich text, formulas, hyperlinks, errors) as plain text, numbers or dates. */
export function cellValue(v: ExcelJS.CellValue | undefined): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim().normalize('NFC');
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return cellValue(v.richText.map((r) => r.text).join(''));
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as { result?: ExcelJS.CellValue }).result);
    if ('text' in v) return cellValue((v as { text: ExcelJS.CellValue }).text);
    if ('error' in v) return null;
  }
  return null;
}

/** A cell as text for headers, messages and text fields. */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`;
  return String(v);
}
