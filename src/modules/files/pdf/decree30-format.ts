/** Text formats required by Decree 30/2020/NĐ-CP, Phụ lục I (number line, place-and-date line). */

export interface SymbolParts {
  number: number;
  /** Document type abbreviation, e.g. 'TB', 'QĐ', 'TTr'; null for a công văn. */
  abbreviation: string | null;
  /** Issuing agency abbreviation, e.g. 'UBND'. */
  agencyShortName: string;
  /** Drafting unit or field abbreviation, e.g. 'VP'; required for a công văn. */
  unitCode?: string | null;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Numbers below 10 get a leading zero: 01…09, then 10, 11, … 1234. */
export function formatDocumentNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`Document number must be a positive integer, got ${n}`);
  }
  return String(n).padStart(2, '0');
}

/** `05/TB-UBND` for named types, `12/UBND-VP` for a công văn (no abbreviation). */
export function formatSymbol(parts: SymbolParts): string {
  const number = formatDocumentNumber(parts.number);
  const agency = requireSymbolPart(parts.agencyShortName, 'agencyShortName');
  if (parts.abbreviation === null) {
    const unit = requireSymbolPart(parts.unitCode ?? '', 'unitCode');
    return `${number}/${agency}-${unit}`;
  }
  const type = requireSymbolPart(parts.abbreviation, 'abbreviation');
  return `${number}/${type}-${agency}`;
}

export function formatNumberLine(symbol: string): string {
  return `Số: ${symbol}`;
}

/** `Tây Tựu, ngày 07 tháng 7 năm 2025`: days below 10 and months 1–2 get a leading zero. */
export function formatPlaceDateLine(placeName: string, isoDate: string): string {
  const place = placeName.trim();
  if (place === '') throw new RangeError('Place name is required');
  const { year, month, day } = parseIsoDate(isoDate);
  const monthText = month <= 2 ? pad2(month) : String(month);
  return `${place}, ngày ${pad2(day)} tháng ${monthText} năm ${year}`;
}

/** dd/mm/yyyy, as written on the "ĐẾN" stamp. */
export function formatVnDate(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

export function parseIsoDate(isoDate: string): CalendarDate {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`Expected a YYYY-MM-DD date, got '${isoDate}'`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: '${isoDate}'`);
  }
  return { year, month, day };
}

function requireSymbolPart(value: string, name: string): string {
  // Decree 30: groups are joined by '/' and '-' with no spaces, so a part may not contain them.
  if (value === '' || /[\s/-]/.test(value)) {
    throw new RangeError(`Invalid ${name} '${value}': must be non-empty, without spaces, '/' or '-'`);
  }
  return value;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
