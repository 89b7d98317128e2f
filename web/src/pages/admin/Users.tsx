import { useQueryClient } from '@tanstack/react-query';
import { jsonRequest } from '../../api/client';
import { useDepartments, useNames, useUsers } from '../../api/hooks';
import type { Role, User } from '../../api/types';
import { ActionModal } from '../../components/ActionModal';
import { ROLE } from '../../format';
import { Form, Input, Select, Space, Table, Tag } from '../../ui';
import { AdminNav } from './AdminNav';
import { DEPT_ROLES, EditRoles, ResetPassword } from './UserActions';

export default function Users() {
  const qc = useQueryClient();
  const users = useUsers();
  const depts = useDepartments().data ?? [];
  const names = useNames();
  return (
    <div className="page">
      <h1 className="page-title">Người dùng</h1>
      <AdminNav />
      <ActionModal<{ username: string; fullName: string; positionTitle: string; password: string; role: Role; departmentId?: string }> label="Thêm người dùng" primary
        onSubmit={(v) => jsonRequest('POST', '/users', {
          username: v.username.trim(), fullName: v.fullName.trim(), positionTitle: v.positionTitle.trim(), password: v.password,
          departmentId: DEPT_ROLES.includes(v.role) ? v.departmentId : undefined,
          roles: [{ role: v.role, departmentId: DEPT_ROLES.includes(v.role) ? v.departmentId : undefined }],
        }).then(() => qc.invalidateQueries({ queryKey: ['users'] }))}>
        {() => <>
          <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, whitespace: true, message: 'Nhập tên đăng nhập' }]}><Input /></Form.Item>
          <Form.Item label="Họ và tên" name="fullName" rules={[{ required: true, whitespace: true, message: 'Nhập họ và tên' }]}><Input /></Form.Item>
          <Form.Item label="Chức vụ" name="positionTitle" rules={[{ required: true, whitespace: true, message: 'Nhập chức vụ' }]}><Input /></Form.Item>
          <Form.Item label="Mật khẩu ban đầu" name="password" rules={[{ required: true, min: 10, message: 'Ít nhất 10 ký tự' }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item label="Vai trò" name="role" rules={[{ required: true, message: 'Chọn vai trò' }]}><Select options={Object.entries(ROLE).map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item label="Phòng ban" name="departmentId"><Select allowClear options={depts.map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
        </>}
      </ActionModal>
      <Table rowKey="id" loading={users.isLoading} dataSource={users.data} pagination={{ pageSize: 20 }} style={{ marginTop: 12 }} scroll={{ x: 1000 }}
        columns={[
          { title: 'Họ và tên', dataIndex: 'fullName' },
          { title: 'Tên đăng nhập', dataIndex: 'username' },
          { title: 'Chức vụ', dataIndex: 'positionTitle' },
          { title: 'Vai trò', dataIndex: 'roles', render: (roles: { role: string; departmentId: string | null }[]) =>
            roles.map((r, i) => <Tag key={i}>{ROLE[r.role] ?? r.role}{r.departmentId ? ` — ${names.dept(r.departmentId)}` : ''}</Tag>) },
          { title: 'Trạng thái', dataIndex: 'disabled', render: (d: boolean) => (d ? <Tag color="red">Đã khóa</Tag> : 'Đang hoạt động') },
          { title: 'Thao tác', key: 'actions', render: (_: unknown, u: User) => <Space wrap><EditRoles user={u} /><ResetPassword user={u} /></Space> },
        ]} />
    </div>
  );
}
