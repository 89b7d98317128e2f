import { FieldDef, FieldKey, fieldsOf, ImportKind, normalizeHeader } from './legacy-fields';
import { CellValue, cellText, Grid, GridRow } from './sheet-reader';

export interface SheetColumn { letter: string; index: number; header: string }
export type ColumnMapping = Partial<Record<FieldKey, string>>;

export interface Layout {
  /** Excel row numbers of the header (one or two rows); empty when no header row was recognised. */
  headerRows: number[];
  /** Index in grid.rows of the first data row. */
  dataStart: number;
  columns: SheetColumn[];
  /** Field → column letter, as detected. */
  mapping: ColumnMapping;
}

const SCAN_ROWS = 20;

export const columnLetter = (index: number): string => {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

/** How well a header text names a field: exact phrase ≫ the phrase as whole words inside a longer header; 0 = not at all. */
function score(header: string, field: FieldDef): number {
  if (!header) return 0;
  let best = 0;
  for (const syn of field.synonyms) {
    if (header === syn) best = Math.max(best, 1000 + syn.length);
    else if (syn.length >= 4 && ` ${header} `.includes(` ${syn} `)) best = Math.max(best, 100 + syn.length);
  }
  return best;
}

const isTextCell = (v: CellValue) => typeof v === 'string' && !/^[\d\s./-]+$/.test(v);

function headerHits(row: GridRow, fields: FieldDef[]): number {
  return row.cells.filter((v) => isTextCell(v) && fields.some((f) => score(normalizeHeader(v as string), f) > 0)).length;
}

/** Only labels: every filled cell is text that is not a number or a date. */
const labelsOnly = (row: GridRow) => row.cells.every((v) => v === null || isTextCell(v));

/** A row of column numbers under the header ("1 2 3 …" or "(1) (2) (3) …"), as printed registers have. */
function isNumberingRow(row: GridRow): boolean {
  const filled = row.cells.filter((v) => v !== null).map((v) => cellText(v).replace(/[()\s]/g, ''));
  if (filled.length < 3 || !filled.every((t) => /^\d{1,2}$/.test(t))) return false;
  return filled.every((t, i) => i === 0 || Number(t) > Number(filled[i - 1]));
}

/**
 * Finds the header among the first rows (titles above it are skipped): the row naming most known fields; the row
 * right below (or above) it joins as a second header row when it holds only labels and names a field too (a header
 * spread over merged cells: "Văn bản" above "Số, ký hiệu" | "Ngày tháng"). A numbering row under it is skipped.
 */
export function detectLayout(grid: Grid, kind: ImportKind): Layout {
  const fields = fieldsOf(kind);
  const head = grid.rows.slice(0, SCAN_ROWS);
  let best = -1;
  let bestHits = 1;
  head.forEach((row, i) => {
    const hits = headerHits(row, fields);
    if (hits > bestHits) { best = i; bestHits = hits; }
  });
  const width = Math.max(0, ...grid.rows.slice(0, SCAN_ROWS + 50).map((r) => r.cells.length));
  if (best < 0) {
    const columns = Array.from({ length: width }, (_, i) => ({ letter: columnLetter(i), index: i, header: '' }));
    return { headerRows: [], dataStart: 0, columns, mapping: {} };
  }
  let top = best;
  let bottom = best;
  const adjacent = (i: number) => grid.rows[i] && Math.abs(grid.rows[i].n - grid.rows[best].n) === 1;
  if (adjacent(best + 1) && labelsOnly(grid.rows[best + 1]) && headerHits(grid.rows[best + 1], fields) > 0) bottom = best + 1;
  else if (adjacent(best - 1) && labelsOnly(grid.rows[best - 1]) && headerHits(grid.rows[best - 1], fields) > 0) top = best - 1;
  let dataStart = bottom + 1;
  if (grid.rows[dataStart] && isNumberingRow(grid.rows[dataStart])) dataStart++;
  const columns: SheetColumn[] = Array.from({ length: width }, (_, i) => {
    const parts = [cellText(grid.rows[top].cells[i] ?? null), cellText(grid.rows[bottom].cells[i] ?? null)].map((s) => s.replace(/\s+/g, ' ').trim());
    const header = [...new Set(parts.filter(Boolean))].join(' – ');
    return { letter: columnLetter(i), index: i, header };
  });
  const texts = columns.map((c, i) => {
    const t = normalizeHeader(cellText(grid.rows[top].cells[i] ?? null));
    const b = normalizeHeader(cellText(grid.rows[bottom].cells[i] ?? null));
    return top === bottom ? [b] : [b, t, `${t} ${b}`.trim()];
  });
  const candidates: { field: FieldKey; col: number; s: number }[] = [];
  for (const field of fields) {
    texts.forEach((list, col) => {
      // The lower (more specific) header row counts a little more than the one above it.
      const s = Math.max(...list.map((h, k) => score(h, field) - (k === 0 ? 0 : 5)));
      if (s > 0) candidates.push({ field: field.key, col, s });
    });
  }
  candidates.sort((a, b) => b.s - a.s || a.col - b.col);
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || used.has(c.col)) continue;
    mapping[c.field] = columns[c.col].letter;
    used.add(c.col);
  }
  return { headerRows: [...new Set([grid.rows[top].n, grid.rows[bottom].n])], dataStart, columns, mapping };
}

/**
 * The caller's mapping over the detected one: each field names a column by letter ("C") or by its header text
 * (compared without diacritics); an empty value unmaps the field. Returns the problems as messages per field.
 */
export function applyMapping(layout: Layout, kind: ImportKind, given: Record<string, unknown> | undefined): { mapping: ColumnMapping; problems: { field: string; message: string }[] } {
  const mapping: ColumnMapping = { ...layout.mapping };
  const problems: { field: string; message: string }[] = [];
  if (!given) return { mapping, problems };
  const known = new Map(fieldsOf(kind).map((f) => [f.key as string, f]));
  for (const [key, value] of Object.entries(given)) {
    const field = known.get(key);
    if (!field) { problems.push({ field: `mapping.${key}`, message: `Không có trường "${key}" trong sổ loại này. Các trường: ${[...known.keys()].join(', ')}.` }); continue; }
    if (value === null || value === '') { delete mapping[field.key]; continue; }
    if (typeof value !== 'string' || value.length > 200) { problems.push({ field: `mapping.${key}`, message: 'Cột phải là chữ cái của cột (ví dụ "C") hoặc tên cột.' }); continue; }
    const wanted = value.trim();
    const col = /^[A-Za-z]{1,2}$/.test(wanted)
      ? layout.columns.find((c) => c.letter === wanted.toUpperCase()) ?? (columnIndex(wanted) < 60 ? { letter: wanted.toUpperCase() } : undefined)
      : layout.columns.find((c) => normalizeHeader(c.header) === normalizeHeader(wanted))
        ?? layout.columns.find((c) => normalizeHeader(c.header).split(' ').length > 0 && normalizeHeader(c.header).endsWith(normalizeHeader(wanted)));
    if (!col) { problems.push({ field: `mapping.${key}`, message: `Không tìm thấy cột "${wanted}" trong tệp.` }); continue; }
    for (const [k, letter] of Object.entries(mapping)) if (letter === col.letter && k !== field.key && !(k in given)) delete mapping[k as FieldKey];
    mapping[field.key] = col.letter;
  }
  return { mapping, problems };
}

export function columnIndex(letter: string): number {
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
