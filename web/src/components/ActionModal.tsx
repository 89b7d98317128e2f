import type { FormInstance } from 'antd/es/form';
import { useState, type ReactNode } from 'react';
import { ApiErrorAlert, showFieldErrors } from './ApiErrorAlert';
import { Button, Form, Modal } from '../ui';

interface Props<V> {
  /** The action's word: the opening button and the confirm button say it. */
  label: string;
  title?: string;
  danger?: boolean;
  primary?: boolean;
  initialValues?: Partial<V>;
  children: (form: FormInstance<V>) => ReactNode;
  onSubmit: (values: V) => Promise<unknown>;
  fieldMap?: Record<string, string>;
  /** The opening button's accessible name when several rows carry the same action ("Sửa vai trò của …"). */
  openerName?: string;
  width?: number;
}

/** A button that opens a small form; API errors land beside the field they name, or above the form. */
export function ActionModal<V extends object>({ label, title, danger, primary, initialValues, children, onSubmit, fieldMap, openerName, width }: Props<V>) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<V>();
  const finish = async (v: V) => {
    setBusy(true); setError(null);
    try { await onSubmit(v); setOpen(false); form.resetFields(); } catch (e) { if (!showFieldErrors(form, e, fieldMap)) setError(e); } finally { setBusy(false); }
  };
  return (
    <>
      <Button danger={danger} type={primary ? 'primary' : 'default'} onClick={() => setOpen(true)} aria-label={openerName}>{label}</Button>
      <Modal open={open} title={title ?? label} onCancel={() => setOpen(false)} destroyOnHidden footer={null} {...(width ? { width } : {})}>
        <ApiErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={finish} initialValues={initialValues} requiredMark="optional">
          {children(form)}
          <Button type="primary" danger={danger} htmlType="submit" loading={busy}>{label}</Button>
          <Button style={{ marginLeft: 8 }} onClick={() => setOpen(false)}>Hủy</Button>
        </Form>
      </Modal>
    </>
  );
}
