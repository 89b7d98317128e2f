import type { FormInstance } from 'antd/es/form';
import { ApiError } from '../api/client';
import { Alert } from '../ui';

/** The API's Vietnamese message, as an alert (role=alert so screen readers announce it). */
export function ApiErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : 'Không kết nối được máy chủ. Kiểm tra mạng và thử lại.';
  return <Alert type="error" showIcon title={message} role="alert" style={{ marginBottom: 12 }} />;
}

/**
 * Puts each `details[].field` message beside the form field it names (fieldMap: API field → form field name).
 * Returns true when at least one message landed on a field.
 */
export function showFieldErrors(form: FormInstance, error: unknown, fieldMap: Record<string, string> = {}): boolean {
  if (!(error instanceof ApiError)) return false;
  const messages = error.fieldMessages();
  const values = (form.getFieldsValue(true) ?? {}) as Record<string, unknown>;
  const known = new Set(Object.keys(values));
  const fields = Object.entries(messages)
    .map(([f, m]) => ({ name: fieldMap[f] ?? fieldPath(values, f), errors: [m] }))
    .filter((f) => known.has(String(Array.isArray(f.name) ? f.name[0] : f.name)) || Object.values(fieldMap).includes(f.name as string));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

/** `roles.1.departmentId` names a field inside a list when the form holds that path; otherwise its first segment. */
function fieldPath(values: Record<string, unknown>, field: string): string | (string | number)[] {
  const segments = field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let at: unknown = values;
  for (const s of segments) {
    if (at === null || typeof at !== 'object' || !(s in (at as object))) return String(segments[0]);
    at = (at as Record<string | number, unknown>)[s];
  }
  return segments.length > 1 ? segments : String(segments[0]);
}
