import { DOCUMENT_TYPES } from '../catalogs/document-types';
import { normalizeHeader } from './legacy-fields';
import type { CellValue } from './sheet-reader';

const pad = (n: number) => String(n).padStart(2, '0');
const valid = (y: number, m: number, d: number) => {
  if (y < 1945 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};
const ymd = (y: number, m: number, d: number) => (valid(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null);
const fullYear = (y: number) => (y < 100 ? 2000 + y : y);

/**
 * A business date as 'YYYY-MM-DD', or null when it is not one: a real Excel date (stored at UTC midnight), an Excel
 * serial number, or text written day first as Vietnamese registers do — "05/3/2024", "5-3-2024", "05.03.2024",
 * "5/3/24", "ngày 05 tháng 3 năm 2024" — or ISO "2024-03-05".
 */
export function parseBusinessDate(v: CellValue): string | null {
  if (v === null) return null;
  if (v instanceof Date) return ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 10_000 || v > 110_000) return null;
    const d = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const t = normalizeHeader(v);
  let m = /^(\d{1,2}) (\d{1,2}) (\d{4}|\d{2})$/.exec(t);
  if (m && /^\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\s*$/.test(v)) return ymd(fullYear(Number(m[3])), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v.trim());
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$/.exec(t);
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

export const formatVnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A positive whole number (a register number): 1532, "1532", "01532"; null otherwise. */
export function parsePositiveInt(v: CellValue): number | null {
  if (v === null || v instanceof Date) return null;
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 && v < 2_000_000_000 ? v : null;
  const t = v.trim();
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 ? n : null;
}

const TYPES = DOCUMENT_TYPES.map((t) => ({ key: t.key as string, name: normalizeHeader(t.name), abbr: t.abbreviation }));

/**
 * The document type of an old register row: from a "Tên loại" cell, else from the symbol ("125/QĐ-UBND" → Quyết định),
 * else from the start of the summary ("Kế hoạch tổ chức …"), else Công văn (the type without a name in its symbol).
 */
export function guessDocumentType(typeCell: string, symbol: string, summary: string): string {
  const typed = normalizeHeader(typeCell);
  if (typed) {
    const byName = TYPES.find((t) => t.name === typed);
    if (byName) return byName.key;
    const byAbbr = TYPES.find((t) => t.abbr && t.abbr.toLowerCase() === typeCell.trim().toLowerCase());
    if (byAbbr) return byAbbr.key;
  }
  const abbr = /^\s*\d+\s*\/\s*([^/\-\s]+)\s*-/.exec(symbol)?.[1];
  if (abbr) {
    const t = TYPES.find((x) => x.abbr === abbr) ?? TYPES.find((x) => x.abbr && x.abbr.toLowerCase() === abbr.toLowerCase());
    if (t) return t.key;
  }
  const start = normalizeHeader(summary);
  const bySummary = [...TYPES].sort((a, b) => b.name.length - a.name.length).find((t) => start === t.name || start.startsWith(`${t.name} `));
  return bySummary?.key ?? 'CONG_VAN';
}
