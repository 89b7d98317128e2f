import { validationFailed } from '../../common/errors/domain-error';
import { WORKLIST_COLUMNS, type WorklistSource, type WorklistSqlContext } from './worklist.types';

/**
 * The order of /inbox (worklist.order.ts) as SQL columns, all ascending so a row comparison is the keyset:
 * urgency (flash first), overdue first, nearest deadline (none last), oldest first, then ids (and the action, since a
 * task may wait for two things at once) to make it total.
 */
export const SORT_COLUMNS = ['urank', 'od', 'dl', 'since', 'id', 'lid', 'action'] as const;
const SORT_CASTS = ['int', 'int', 'date', 'timestamptz', 'uuid', 'uuid', 'text'];
const NO_LINE = '00000000-0000-0000-0000-000000000000';

/** The union of the sources' SELECTs with the sort columns added. */
export function itemsSql(sources: readonly WorklistSource[], ctx: WorklistSqlContext): string {
  const union = sources.map((s) => `(${s.sql(ctx)})`).join('\nUNION ALL\n');
  return `SELECT u.*,
            CASE u.urgency WHEN 'flash' THEN 0 WHEN 'very_urgent' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END AS urank,
            CASE WHEN u.deadline < ${ctx.today} THEN 0 ELSE 1 END AS od,
            coalesce(u.deadline, '9999-12-31'::date) AS dl,
            coalesce(u.line_id, '${NO_LINE}'::uuid) AS lid
       FROM (${union}) AS u(${WORKLIST_COLUMNS.join(', ')})`;
}

export type Cursor = [number, number, string, string, string, string, string];

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** A cursor the client got from us, or 400 naming `cursor`. */
export function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    const ok = Array.isArray(c) && c.length === 7 && typeof c[0] === 'number' && typeof c[1] === 'number'
      && /^\d{4}-\d{2}-\d{2}$/.test(String(c[2])) && !Number.isNaN(Date.parse(String(c[3])))
      && /^[0-9a-f-]{36}$/i.test(String(c[4])) && /^[0-9a-f-]{36}$/i.test(String(c[5])) && typeof c[6] === 'string';
    if (ok) return c as Cursor;
  } catch {
    // falls through to the error below
  }
  throw validationFailed('cursor', 'Con trỏ trang (cursor) không hợp lệ: dùng đúng giá trị nextCursor của trang trước.');
}

/** `(sort columns) > (cursor values)` with bound parameters. */
export function afterCursor(cursor: Cursor, p: WorklistSqlContext['p']): string {
  return `(${SORT_COLUMNS.join(', ')}) > (${cursor.map((v, i) => p(v, SORT_CASTS[i])).join(', ')})`;
}

/** The cursor value columns of a row as JSON-able text, microsecond `since` so the keyset is exact. */
export const CURSOR_SQL = `json_build_array(i.urank, i.od, to_char(i.dl, 'YYYY-MM-DD'),
  to_char(i.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), i.id, i.lid, i.action)`;
