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
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const fields = Object.entries(messages)
    .map(([f, m]) => ({ name: fieldMap[f] ?? f.split('.')[0], errors: [m] }))
    .filter((f) => known.has(f.name) || Object.values(fieldMap).includes(f.name));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
