import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useUsers } from '../../api/hooks';
import type { IncomingDocument, IncomingLine } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ActionModal } from '../../components/ActionModal';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Button, DatePicker, Form, Input, Select, Space } from '../../ui';
import { incomingApi } from './incoming-api';
import { docSubject } from './subject';

/** The actions the caller's rules allow on one routing line: Tiếp nhận, Giao xử lý, Hoàn thành, Trả lại, Đã xem. */
export function LineActions({ doc, line, onDone }: { doc: IncomingDocument; line: IncomingLine; onDone: () => void }) {
  const auth = useAuth();
  const users = useUsers().data ?? [];
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const subject = { ...docSubject(doc), lineUserId: line.userId, lineHandledBy: line.handledBy, lineDepartmentId: line.departmentId };
  const can = (a: string) => auth.can(a, 'IncomingDocument', subject);
  const open = line.status === 'pending' || line.status === 'in_progress';
  if (!open) return null;
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true); setError(null);
    try { await fn(); onDone(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const staff = users.filter((u) => !u.disabled && u.roles.some((r) => r.departmentId === line.departmentId));
  const inform = line.role === 'inform';
  return (
    <div>
      <ApiErrorAlert error={error} />
      <Space wrap>
        {line.status === 'pending' && !inform && can('receive') && (
          <Button type="primary" loading={busy} onClick={() => run(() => incomingApi.receive(doc.id, line.id))}>Tiếp nhận</Button>
        )}
        {inform && (line.userId === auth.me.id || can('receive')) && (
          <Button loading={busy} onClick={() => run(() => incomingApi.acknowledge(doc.id, line.id))}>Đã xem</Button>
        )}
        {line.status === 'in_progress' && line.departmentId && !line.userId && can('assign') && (
          <ActionModal<{ userId: string; deadline?: Dayjs; note?: string }> label="Giao xử lý" primary
            onSubmit={(v) => incomingApi.assign(doc.id, line.id, { userId: v.userId, deadline: v.deadline?.format('YYYY-MM-DD'), note: v.note }).then(onDone)}>
            {() => <>
              <Form.Item label="Người xử lý" name="userId" rules={[{ required: true, message: 'Chọn người xử lý' }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={staff.map((u) => ({ value: u.id, label: `${u.fullName} — ${u.positionTitle}` }))} />
              </Form.Item>
              <Form.Item label="Hạn xử lý" name="deadline"><DatePicker format="DD/MM/YYYY" /></Form.Item>
              <Form.Item label="Ghi chú" name="note"><Input.TextArea rows={2} /></Form.Item>
            </>}
          </ActionModal>
        )}
        {!inform && (line.status === 'in_progress' || !!line.userId) && can('complete') && (
          <ActionModal<{ result: string }> label="Hoàn thành" primary onSubmit={(v) => incomingApi.complete(doc.id, line.id, { result: v.result.trim() }).then(onDone)}>
            {() => <Form.Item label="Kết quả xử lý" name="result" rules={[{ required: true, whitespace: true, message: 'Nhập kết quả xử lý' }]}><Input.TextArea rows={3} /></Form.Item>}
          </ActionModal>
        )}
        {!inform && can('return') && (
          <ActionModal<{ reason: string }> label="Trả lại" danger onSubmit={(v) => incomingApi.returnLine(doc.id, line.id, { reason: v.reason.trim() }).then(onDone)}>
            {() => <Form.Item label="Lý do" name="reason" rules={[{ required: true, whitespace: true, message: 'Nhập lý do trả lại' }]}><Input.TextArea rows={3} /></Form.Item>}
          </ActionModal>
        )}
      </Space>
    </div>
  );
}
