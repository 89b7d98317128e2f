import { FieldKey, fieldsOf, ImportKind } from './legacy-fields';
import { ColumnMapping, columnIndex, Layout } from './layout';
import { formatVnDate, guessDocumentType, parseBusinessDate, parsePositiveInt } from './legacy-values';
import { CellValue, cellText, Grid } from './sheet-reader';

/** One valid row of an old register, ready to become a legacy document. */
export interface LegacyRecord {
  row: number;
  /** Số đến (incoming) or số (outgoing): the original number, kept. */
  number: number;
  /** Ngày đến (incoming); the issue date = document date (outgoing). */
  date: string;
  issuerName: string | null;
  symbol: string;
  documentDate: string;
  summary: string;
  documentType: string;
  recipient: string | null;
  note: string | null;
  signerName: string | null;
  scanFile: string | null;
  fileId?: string | null;
  pageCount?: number | null;
}

export interface RowError { row: number; column: string; message: string }

const LIMITS: Partial<Record<FieldKey, number>> = { issuerName: 300, symbol: 60, summary: 1000, note: 1000, recipient: 300, signerName: 100, scanFile: 255 };

/**
 * Every data row below the header checked against the mapping. Empty rows, and rows with a single text cell (a section
 * title such as "Tháng 3/2024"), are passed over. Each problem is reported with the row number as Excel shows it and
 * the column header as it reads in the file.
 */
export function parseRows(grid: Grid, layout: Layout, mapping: ColumnMapping, kind: ImportKind, year: number):
  { records: LegacyRecord[]; errors: RowError[]; rows: number } {
  const fields = fieldsOf(kind);
  const errors: RowError[] = [];
  const records: LegacyRecord[] = [];
  const headerOf = (key: FieldKey) => {
    const letter = mapping[key];
    const col = letter ? layout.columns.find((c) => c.letter === letter) : undefined;
    const label = fields.find((f) => f.key === key)?.label ?? key;
    return col?.header ? `${col.header} (cột ${col.letter})` : letter ? `${label} (cột ${letter})` : label;
  };
  const headerRow = layout.headerRows[layout.headerRows.length - 1] ?? 1;
  for (const f of fields) {
    if (f.required && !mapping[f.key] && !(kind === 'outgoing_register' && f.key === 'number')) {
      errors.push({ row: headerRow, column: f.label, message: `Không tìm thấy cột "${f.label}" trong dòng tiêu đề. Hãy đặt tên cột như sổ mẫu hoặc chọn cột cho trường này.` });
    }
  }
  if (errors.length) return { records, errors, rows: countDataRows(grid, layout, mapping) };
  const seen = new Map<number, number>();
  let rows = 0;
  for (const r of grid.rows.slice(layout.dataStart)) {
    const get = (key: FieldKey): CellValue => {
      const letter = mapping[key];
      return letter ? (r.cells[columnIndex(letter)] ?? null) : null;
    };
    const mapped = (Object.keys(mapping) as FieldKey[]).map(get).filter((v) => v !== null);
    if (mapped.length === 0) continue;
    if (mapped.length === 1 && typeof mapped[0] === 'string' && parsePositiveInt(mapped[0]) === null) continue;
    rows++;
    const rowErrors: RowError[] = [];
    const fail = (key: FieldKey, message: string) => rowErrors.push({ row: r.n, column: headerOf(key), message });
    const text = (key: FieldKey, required = false): string | null => {
      const t = cellText(get(key)).replace(/\s+/g, ' ').trim();
      const label = fields.find((f) => f.key === key)?.label ?? key;
      if (!t) {
        if (required) fail(key, `Thiếu ${label.toLowerCase()}.`);
        return null;
      }
      const max = LIMITS[key];
      if (max && t.length > max) { fail(key, `${label} dài ${t.length} ký tự, quá ${max} ký tự cho phép.`); return null; }
      return t;
    };
    const date = (key: FieldKey): string | null => {
      const v = get(key);
      const label = fields.find((f) => f.key === key)?.label ?? key;
      if (v === null) { fail(key, `Thiếu ${label.toLowerCase()}.`); return null; }
      const d = parseBusinessDate(v);
      if (!d) fail(key, `${label} "${cellText(v)}" không phải ngày hợp lệ. Ghi theo ngày/tháng/năm, ví dụ 05/03/${year}.`);
      return d;
    };
    const symbol = text('symbol', true);
    const summary = text('summary', true);
    const documentDate = date('documentDate');
    let number: number | null = null;
    let when: string | null = null;
    let issuerName: string | null = null;
    if (kind === 'incoming_register') {
      const raw = get('arrivalNumber');
      number = parsePositiveInt(raw);
      if (raw === null) fail('arrivalNumber', 'Thiếu số đến.');
      else if (number === null) fail('arrivalNumber', `Số đến "${cellText(raw)}" không phải số nguyên dương.`);
      when = date('arrivalDate');
      if (when && Number(when.slice(0, 4)) !== year) fail('arrivalDate', `Ngày đến ${formatVnDate(when)} không thuộc năm ${year} của sổ.`);
      issuerName = text('issuerName', true);
    } else {
      const raw = get('number');
      number = raw !== null ? parsePositiveInt(raw) : symbol ? parsePositiveInt(/^\s*(\d+)/.exec(symbol)?.[1] ?? null) : null;
      if (raw !== null && number === null) fail('number', `Số "${cellText(raw)}" không phải số nguyên dương.`);
      else if (number === null && symbol) fail(mapping.number ? 'number' : 'symbol', 'Thiếu số văn bản (cột "Số" hoặc số ở đầu "Số, ký hiệu", ví dụ 125/QĐ-UBND).');
      when = documentDate;
      if (when && Number(when.slice(0, 4)) !== year) fail('documentDate', `Ngày văn bản ${formatVnDate(when)} không thuộc năm ${year} của sổ.`);
    }
    if (number !== null) {
      const first = seen.get(number);
      if (first !== undefined) fail(kind === 'incoming_register' ? 'arrivalNumber' : mapping.number ? 'number' : 'symbol',
        `${kind === 'incoming_register' ? 'Số đến' : 'Số'} ${number} trùng với dòng ${first}.`);
      else seen.set(number, r.n);
    }
    const recipient = text('recipient');
    const note = text('note');
    const signerName = text('signerName');
    const scanFile = text('scanFile');
    const typeCell = text('documentType') ?? '';
    if (rowErrors.length) { errors.push(...rowErrors); continue; }
    records.push({
      row: r.n, number: number as number, date: when as string, issuerName, symbol: symbol as string, documentDate: documentDate as string,
      summary: summary as string, documentType: guessDocumentType(typeCell, symbol as string, summary as string),
      recipient, note, signerName, scanFile,
    });
  }
  return { records, errors, rows };
}

function countDataRows(grid: Grid, layout: Layout, mapping: ColumnMapping): number {
  const letters = Object.values(mapping).filter(Boolean) as string[];
  return grid.rows.slice(layout.dataStart).filter((r) => (letters.length ? letters.some((l) => (r.cells[columnIndex(l)] ?? null) !== null) : true)).length;
}
