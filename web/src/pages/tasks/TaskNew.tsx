import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { jsonRequest } from '../../api/client';
import { useDepartments, useUsers } from '../../api/hooks';
import type { Task } from '../../api/types';
import { ApiErrorAlert, showFieldErrors } from '../../components/ApiErrorAlert';
import { Button, Card, DatePicker, Form, Input, Radio, Select } from '../../ui';

interface Values { title: string; description?: string; to: 'department' | 'user'; departmentId?: string; userId?: string; deadline: Dayjs }

export default function TaskNew() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const depts = useDepartments().data ?? [];
  const users = useUsers().data ?? [];
  const to = Form.useWatch('to', form) ?? 'department';
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const finish = async (v: Values) => {
    if (sending.current) return; // a second Enter while the first is on its way assigns nothing twice
    sending.current = true;
    setBusy(true); setError(null);
    try {
      const task = await jsonRequest<Task>('POST', '/tasks', {
        title: v.title.trim(), description: v.description?.trim() || undefined, deadline: v.deadline.format('YYYY-MM-DD'),
        assignee: v.to === 'department' ? { departmentId: v.departmentId } : { userId: v.userId },
      });
      qc.invalidateQueries({ queryKey: ['tasks'] });
      navigate(`/giao-viec/${task.id}`);
    } catch (e) {
      if (!showFieldErrors(form, e, { 'assignee.departmentId': 'departmentId', 'assignee.userId': 'userId', assignee: to === 'department' ? 'departmentId' : 'userId' })) setError(e);
    } finally { setBusy(false); sending.current = false; }
  };
  return (
    <div className="page">
      <h1 className="page-title">Giao việc mới</h1>
      <ApiErrorAlert error={error} />
      <Card>
        <Form form={form} layout="vertical" onFinish={finish} initialValues={{ to: 'department' }} requiredMark="optional">
          <Form.Item label="Tên nhiệm vụ" name="title" rules={[{ required: true, whitespace: true, message: 'Nhập tên nhiệm vụ' }]}><Input /></Form.Item>
          <Form.Item label="Nội dung" name="description"><Input.TextArea rows={4} /></Form.Item>
          <Form.Item label="Giao cho" name="to">
            <Radio.Group options={[{ value: 'department', label: 'Một phòng' }, { value: 'user', label: 'Một người' }]} />
          </Form.Item>
          {to === 'department' ? (
            <Form.Item label="Đơn vị thực hiện" name="departmentId" rules={[{ required: true, message: 'Chọn đơn vị thực hiện' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={depts.map((d) => ({ value: d.id, label: d.name }))} style={{ maxWidth: 420 }} />
            </Form.Item>
          ) : (
            <Form.Item label="Người thực hiện" name="userId" rules={[{ required: true, message: 'Chọn người thực hiện' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={users.map((u) => ({ value: u.id, label: `${u.fullName} — ${u.positionTitle}` }))} style={{ maxWidth: 420 }} />
            </Form.Item>
          )}
          <Form.Item label="Hạn hoàn thành" name="deadline" rules={[{ required: true, message: 'Chọn hạn hoàn thành' }]}>
            <DatePicker aria-label="Hạn hoàn thành" format="DD/MM/YYYY" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>Giao việc</Button>
        </Form>
      </Card>
    </div>
  );
}
