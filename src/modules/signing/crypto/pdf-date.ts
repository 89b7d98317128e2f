/** PDF date strings (ISO 32000-1 §7.9.4) with an explicit UTC offset, e.g. D:20250707173000+07'00'. */

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const PDF_DATE = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?$/;

export function parseOffsetMinutes(offset: string): number {
  const match = OFFSET.exec(offset);
  if (!match || Number(match[2]) > 14 || Number(match[3]) > 59) {
    throw new RangeError(`Expected a UTC offset like '+07:00', got '${offset}'`);
  }
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The instant written as local time at the given offset: D:YYYYMMDDHHmmSS+HH'mm'. */
export function toPdfDate(instant: Date, offset = '+07:00'): string {
  const minutes = parseOffsetMinutes(offset);
  const local = new Date(instant.getTime() + minutes * 60_000);
  const digits = local.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const [sign, hh, mm] = [offset[0], offset.slice(1, 3), offset.slice(4, 6)];
  return `D:${digits}${sign}${hh}'${mm}'`;
}

/** ISO 8601 with the offset kept as written, e.g. 2025-07-07T17:30:00+07:00; null if malformed. */
export function pdfDateToIso(value: string): string | null {
  const m = PDF_DATE.exec(value.trim());
  if (!m) return null;
  const zone = m[7] ?? 'Z';
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
}
