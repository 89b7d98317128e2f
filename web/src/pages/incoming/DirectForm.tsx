import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useDepartments } from '../../api/hooks';
import { ApiErrorAlert, showFieldErrors } from '../../components/ApiErrorAlert';
import { Button, Card, DatePicker, Form, Input, Select } from '../../ui';
import { incomingApi } from './incoming-api';

interface Values { lead: string; coordinators?: string[]; informed?: string[]; deadline?: Dayjs; instruction: string }

/** Chỉ đạo xử lý: the leader picks who leads, who coordinates, who is informed, a deadline and the instruction. */
export function DirectForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const depts = useDepartments().data ?? [];
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const options = depts.map((d) => ({ value: d.id, label: d.name }));
  const finish = async (v: Values) => {
    setBusy(true); setError(null);
    try {
      await incomingApi.direct(id, {
        lead: { departmentId: v.lead },
        coordinators: (v.coordinators ?? []).map((departmentId) => ({ departmentId })),
        informed: (v.informed ?? []).map((departmentId) => ({ departmentId })),
        deadline: v.deadline?.format('YYYY-MM-DD'),
        instruction: v.instruction.trim(),
      });
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e, { 'lead.departmentId': 'lead' })) setError(e);
    } finally { setBusy(false); }
  };
  return (
    <Card title="Chỉ đạo xử lý" style={{ marginBottom: 16 }}>
      <ApiErrorAlert error={error} />
      <Form form={form} name="chi-dao" layout="vertical" onFinish={finish} requiredMark="optional">
        <Form.Item label="Đơn vị chủ trì" name="lead" rules={[{ required: true, message: 'Chọn đơn vị chủ trì' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} />
        </Form.Item>
        <Form.Item label="Đơn vị phối hợp" name="coordinators"><Select aria-label="Đơn vị phối hợp" mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={options} /></Form.Item>
        <Form.Item label="Đơn vị để biết" name="informed"><Select aria-label="Đơn vị để biết" mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={options} /></Form.Item>
        <Form.Item label="Hạn xử lý" name="deadline"><DatePicker aria-label="Hạn xử lý" format="DD/MM/YYYY" style={{ width: 200 }} /></Form.Item>
        <Form.Item label="Ý kiến chỉ đạo" name="instruction" rules={[{ required: true, whitespace: true, message: 'Nhập ý kiến chỉ đạo' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>Chuyển xử lý</Button>
      </Form>
    </Card>
  );
}
