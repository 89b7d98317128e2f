import { DomainError, ErrorDetail } from '../errors/domain-error';

/**
 * The one rule for text that enters the API (JSON bodies, query strings, multipart form fields):
 * no NUL, no lone UTF-16 surrogate, no control character other than newline and tab (CR LF and CR become LF),
 * at most MAX_TEXT_LENGTH characters (DTOs may set lower limits), stored in Unicode NFC so that "ế" typed on two
 * keyboards is the same text in search and in duplicate checks. Nesting of objects and arrays is bounded as well.
 */
export const MAX_TEXT_LENGTH = 20_000;
export const MAX_NESTING = 32;
/** Numbers in a query string end up in SQL (page, year, number): they stay within PostgreSQL's integer. */
export const MAX_QUERY_NUMBER = 2_147_483_647;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const INVALID_INPUT_MESSAGE = 'Dữ liệu gửi lên không hợp lệ, vui lòng kiểm tra các trường được nêu.';

const label = (field: string) => field || 'dữ liệu';

/** The problem with one string, in Vietnamese, or null when it is acceptable. */
export function textProblem(value: string, field: string, maxLength = MAX_TEXT_LENGTH): string | null {
  if (value.includes('\u0000')) return `Trường "${label(field)}" chứa ký tự NUL (\\u0000), không được phép.`;
  if (LONE_SURROGATE.test(value)) return `Trường "${label(field)}" chứa ký tự Unicode hỏng (nửa cặp surrogate), hãy nhập lại.`;
  if (FORBIDDEN_CONTROL.test(value)) return `Trường "${label(field)}" chứa ký tự điều khiển không được phép (chỉ cho phép xuống dòng và tab).`;
  if (value.length > maxLength) return `Trường "${label(field)}" dài quá ${maxLength.toLocaleString('vi-VN')} ký tự.`;
  return null;
}

export function normalizeText(value: string): string {
  return value.replace(/\r\n?/g, '\n').normalize('NFC');
}

/**
 * Walks a parsed body or query and returns it with every string normalised, plus one detail per violation
 * (field path like `roles.0.role`). Object keys follow the same rule. The input is not modified.
 */
export function cleanTree(value: unknown, path = '', out: ErrorDetail[] = [], depth = 0): { value: unknown; details: ErrorDetail[] } {
  return { value: walk(value, path, out, depth), details: out };
}

function walk(value: unknown, path: string, out: ErrorDetail[], depth: number): unknown {
  if (typeof value === 'string') {
    const problem = textProblem(value, path);
    if (problem) out.push({ field: path || 'body', message: problem });
    return problem ? value : normalizeText(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_NESTING) {
    out.push({ field: path || 'body', message: `Trường "${label(path)}" lồng nhau quá ${MAX_NESTING} cấp.` });
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => walk(v, join(path, String(i)), out, depth + 1));
  if (Buffer.isBuffer(value) || !isPlain(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = textProblem(k, join(path, '(tên trường)'), 200);
    if (keyProblem) {
      out.push({ field: join(path, k.replace(/[^\x20-\x7E]/g, '?').slice(0, 100)), message: 'Tên trường chứa ký tự không hợp lệ hoặc quá dài.' });
      continue;
    }
    copy[k] = walk(v, join(path, k), out, depth + 1);
  }
  return copy;
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);
const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** cleanTree or a 400 VALIDATION_FAILED naming every offending field. */
export function cleanOrThrow<T>(value: T, path = ''): T {
  const { value: cleaned, details } = cleanTree(value, path);
  if (details.length) throw new DomainError('VALIDATION_FAILED', INVALID_INPUT_MESSAGE, details.slice(0, 20));
  return cleaned as T;
}

/** Multipart form fields (and the `data` JSON part) follow the same rule as JSON bodies. */
export function checkUploadFields(fields: Record<string, unknown>): Record<string, unknown> {
  return cleanOrThrow(fields);
}

/** Every number in a transformed query must be finite and within PostgreSQL's integer range. */
export function queryNumberProblems(value: unknown, path = ''): ErrorDetail[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > MAX_QUERY_NUMBER) {
      return [{ field: path || 'query', message: `Trường "${label(path)}" vượt quá giới hạn cho phép (tối đa ${MAX_QUERY_NUMBER}).` }];
    }
    return [];
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => queryNumberProblems(v, join(path, k)));
}
