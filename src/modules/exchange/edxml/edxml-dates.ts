import { EdxmlError } from './edxml-error';

/**
 * Dates on the wire (DOMAIN.md §2.3): `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss`.
 * ⚠️ The standard gives timestamps no time zone. We write them in Vietnam time (UTC+7, no daylight saving) because
 * that is what the sample packages and the other systems on the axis show; we read a zone-less value as Vietnam time.
 * Reading is lenient about what other systems are seen sending: `yyyy-MM-dd`, `dd/MM/yyyy`, one-digit day/month,
 * ISO-8601 with a zone. Writing is always the canonical form.
 */

const VN_OFFSET_MS = 7 * 3600_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `YYYY-MM-DD` (model) → `yyyy/MM/dd` (wire). Throws on anything that is not a real calendar date. */
export function toWireDate(date: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!m || !isRealDate(+m[1], +m[2], +m[3])) throw new EdxmlError(`Ngày không hợp lệ: "${date ?? ''}" (cần dạng YYYY-MM-DD)`, field);
  return `${m[1]}/${m[2]}/${m[3]}`;
}

interface Parts { y: number; mo: number; d: number; h: number; mi: number; s: number; offsetMs: number | null }

function readParts(raw: string): Parts | null {
  const v = raw.trim();
  let m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  let p: Parts | null = null;
  if (m) p = { y: +m[1], mo: +m[2], d: +m[3], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), offsetMs: offsetOf(m[7]) };
  else {
    m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
    if (m) p = { y: +m[3], mo: +m[2], d: +m[1], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), offsetMs: null };
  }
  if (!p || !isRealDate(p.y, p.mo, p.d) || p.h > 23 || p.mi > 59 || p.s > 59) return null;
  return p;
}

function offsetOf(zone: string | undefined): number | null {
  if (!zone) return null;
  if (zone === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (+m[2] * 3600_000 + +m[3] * 60_000);
}

/** Wire date → `YYYY-MM-DD`; null when unreadable. */
export function readWireDate(raw: string): string | null {
  const p = readParts(raw);
  return p ? `${p.y}-${pad(p.mo)}-${pad(p.d)}` : null;
}

/** Wire date → `YYYY-MM-DD`; throws with the element name when unreadable. */
export function fromWireDate(raw: string, field: string): string {
  const date = readWireDate(raw);
  if (!date) throw new EdxmlError(`Ngày không đọc được: "${raw.trim().slice(0, 40)}"`, field);
  return date;
}

/** The model form of an instant: ISO-8601 in Vietnam time, e.g. `2025-07-07T09:30:00+07:00`. */
export function edxmlTimestamp(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new EdxmlError('Thời điểm không hợp lệ', 'timestamp');
  const v = new Date(Math.floor(t / 1000) * 1000 + VN_OFFSET_MS);
  return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}+07:00`;
}

/** Any readable instant (model ISO form, wire form, Date) → epoch ms; a zone-less value is Vietnam time. */
function instantOf(value: string, field: string): number {
  const p = readParts(value ?? '');
  if (!p) throw new EdxmlError(`Thời điểm không hợp lệ: "${String(value ?? '').slice(0, 40)}"`, field);
  const local = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return local - (p.offsetMs ?? VN_OFFSET_MS);
}

/** Model instant → `yyyy/MM/dd HH:mm:ss` in Vietnam time. */
export function toWireTimestamp(value: string, field: string): string {
  const iso = edxmlTimestamp(new Date(instantOf(value, field)));
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}

/** Wire instant → model form (`…+07:00`); throws with the element name when unreadable. */
export function fromWireTimestamp(raw: string, field: string): string {
  return edxmlTimestamp(new Date(instantOf(raw, field)));
}
