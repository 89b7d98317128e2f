import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { jsonRequest } from '../../api/client';
import { useNames, useUsers } from '../../api/hooks';
import type { Delegation } from '../../api/types';
import { ActionModal } from '../../components/ActionModal';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { fmtDate } from '../../format';
import { Button, DatePicker, Form, Input, Select, Table } from '../../ui';
import { AdminNav } from './AdminNav';

const STATUS: Record<string, string> = { active: 'Đang hiệu lực', scheduled: 'Chưa đến ngày', expired: 'Hết hạn', revoked: 'Đã thu hồi' };

export default function Delegations() {
  const qc = useQueryClient();
  const names = useNames();
  const users = useUsers().data ?? [];
  const q = useQuery({
    queryKey: ['delegations'],
    queryFn: () => jsonRequest<Delegation[] | { items: Delegation[] }>('GET', '/delegations'),
    select: (d) => (Array.isArray(d) ? d : d.items),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['delegations'] });
  const people = users.map((u) => ({ value: u.id, label: `${u.fullName} — ${u.positionTitle}` }));
  return (
    <div className="page">
      <h1 className="page-title">Ủy quyền</h1>
      <AdminNav />
      <ActionModal<{ fromUserId: string; toUserId: string; period: [Dayjs, Dayjs]; reason: string }> label="Thêm ủy quyền" primary
        onSubmit={(v) => jsonRequest('POST', '/delegations', {
          fromUserId: v.fromUserId, toUserId: v.toUserId, validFrom: v.period[0].format('YYYY-MM-DD'), validTo: v.period[1].format('YYYY-MM-DD'), reason: v.reason.trim(),
        }).then(refresh)}>
        {() => <>
          <Form.Item label="Người ủy quyền" name="fromUserId" rules={[{ required: true, message: 'Chọn người ủy quyền' }]}><Select showSearch={{ optionFilterProp: 'label' }} options={people} /></Form.Item>
          <Form.Item label="Người được ủy quyền" name="toUserId" rules={[{ required: true, message: 'Chọn người được ủy quyền' }]}><Select showSearch={{ optionFilterProp: 'label' }} options={people} /></Form.Item>
          <Form.Item label="Thời hạn" name="period" rules={[{ required: true, message: 'Chọn thời hạn' }]}><DatePicker.RangePicker format="DD/MM/YYYY" /></Form.Item>
          <Form.Item label="Lý do" name="reason" rules={[{ required: true, whitespace: true, message: 'Nhập lý do' }]}><Input /></Form.Item>
        </>}
      </ActionModal>
      <ApiErrorAlert error={q.error} />
      <Table rowKey="id" loading={q.isLoading} dataSource={q.data} pagination={false} style={{ marginTop: 12 }} scroll={{ x: 800 }}
        locale={{ emptyText: 'Chưa có ủy quyền. Khi lãnh đạo vắng, thêm ủy quyền để người khác ký TUQ.' }}
        columns={[
          { title: 'Người ủy quyền', dataIndex: 'fromUserId', render: names.user },
          { title: 'Người được ủy quyền', dataIndex: 'toUserId', render: names.user },
          { title: 'Từ ngày', dataIndex: 'validFrom', render: fmtDate },
          { title: 'Đến ngày', dataIndex: 'validTo', render: fmtDate },
          { title: 'Lý do', dataIndex: 'reason' },
          { title: 'Trạng thái', dataIndex: 'status', render: (s: string) => STATUS[s] ?? s },
          { title: '', render: (_, d) => (d.status === 'active' || d.status === 'scheduled'
            ? <Button size="small" danger onClick={() => jsonRequest('DELETE', `/delegations/${d.id}`).then(refresh)}>Thu hồi</Button> : null) },
        ]} />
    </div>
  );
}
