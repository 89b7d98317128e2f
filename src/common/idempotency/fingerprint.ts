import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so {a,b} and {b,a} are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of what makes two requests "the same": method, path (with ids and query) and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ method: method.toUpperCase(), path, body: body ?? null })).digest('hex');
}

/**
 * For multipart routes, which the interceptor cannot see: the fields and the uploaded file's content (sha256) and
 * name. The file row id is left out on purpose — each attempt creates its own row.
 */
export function uploadFingerprint(
  method: string,
  path: string,
  upload: { fields: Record<string, unknown>; file: { sha256: string; fileName: string } | null },
): string {
  const file = upload.file ? { sha256: upload.file.sha256, fileName: upload.file.fileName } : null;
  return requestFingerprint(method, path, { fields: upload.fields, file });
}
