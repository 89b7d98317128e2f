import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { jsonRequest } from '../../api/client';
import { useDepartments, useNames } from '../../api/hooks';
import { ActionModal } from '../../components/ActionModal';
import { Form, Input, Select, Table, Tag } from '../../ui';
import { AdminNav } from './AdminNav';

const KIND: Record<string, string> = { office: 'Văn phòng', department: 'Phòng chuyên môn', center: 'Trung tâm' };

export default function Departments() {
  const qc = useQueryClient();
  const q = useDepartments();
  const names = useNames();
  const [params] = useSearchParams();
  const focus = params.get('id');
  return (
    <div className="page">
      <h1 className="page-title">Phòng ban</h1>
      <AdminNav />
      <ActionModal<{ name: string; code: string; kind: string }> label="Thêm phòng ban" primary initialValues={{ kind: 'department' }}
        onSubmit={(v) => jsonRequest('POST', '/departments', v).then(() => qc.invalidateQueries({ queryKey: ['departments'] }))}>
        {() => <>
          <Form.Item label="Tên phòng ban" name="name" rules={[{ required: true, whitespace: true, message: 'Nhập tên' }]}><Input /></Form.Item>
          <Form.Item label="Ký hiệu" name="code" rules={[{ required: true, whitespace: true, message: 'Nhập ký hiệu (VD: VHXH)' }]}><Input /></Form.Item>
          <Form.Item label="Loại" name="kind"><Select options={Object.entries(KIND).map(([value, label]) => ({ value, label }))} /></Form.Item>
        </>}
      </ActionModal>
      <Table rowKey="id" loading={q.isLoading} dataSource={q.data} pagination={false} style={{ marginTop: 12 }} scroll={{ x: 700 }}
        rowClassName={(d) => (d.id === focus ? 'ant-table-row-selected' : '')}
        columns={[
          { title: 'Tên phòng ban', dataIndex: 'name' },
          { title: 'Ký hiệu', dataIndex: 'code' },
          { title: 'Loại', dataIndex: 'kind', render: (k: string) => KIND[k] ?? k },
          { title: 'Số văn thư', dataIndex: 'clerkCount', render: (n: number) => (n ? n : <Tag color="red">Chưa có văn thư</Tag>) },
          { title: 'Trưởng phòng', dataIndex: 'headUserId', render: (id: string | null) => (id ? names.user(id) : <Tag color="orange">Chưa có</Tag>) },
        ]} />
    </div>
  );
}
