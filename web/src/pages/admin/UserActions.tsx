import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { jsonRequest } from '../../api/client';
import { useDepartments } from '../../api/hooks';
import type { Role, User } from '../../api/types';
import { ActionModal } from '../../components/ActionModal';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ROLE } from '../../format';
import { Button, Form, Modal, Select, Space, Typography } from '../../ui';

/** Roles held in a department (API.md "Users and roles"); the others belong to the whole ward. */
export const DEPT_ROLES: Role[] = ['head', 'deputy_head', 'clerk', 'specialist'];

interface RoleRow { role?: Role; departmentId?: string | null }

/** Replaces a user's roles (PUT /users/:id/roles): several rows = kiêm nhiệm; department roles name their department. */
export function EditRoles({ user }: { user: User }) {
  const qc = useQueryClient();
  const depts = useDepartments().data ?? [];
  const initial: RoleRow[] = user.roles.map((r) => ({ role: r.role as Role, departmentId: r.departmentId ?? undefined }));
  return (
    <ActionModal<{ roles: RoleRow[] }> label="Sửa vai trò" openerName={`Sửa vai trò của ${user.fullName}`}
      title={`Vai trò của ${user.fullName}`} initialValues={{ roles: initial.length ? initial : [{}] }} width={560}
      onSubmit={(v) => jsonRequest('PUT', `/users/${user.id}/roles`, {
        roles: v.roles.map((r) => ({ role: r.role, departmentId: r.role && DEPT_ROLES.includes(r.role) ? r.departmentId ?? undefined : undefined })),
      }).then(() => qc.invalidateQueries({ queryKey: ['users'] }))}>
      {() => (
        <Form.List name="roles">
          {(rows, { add, remove }) => <>
            <p>Một người có thể giữ nhiều vai trò (kiêm nhiệm). Trưởng phòng, Phó trưởng phòng, Văn thư, Chuyên viên cần chọn phòng ban.</p>
            {rows.map((row, i) => (
              <Space key={row.key} align="start" wrap>
                <Form.Item label={`Vai trò ${i + 1}`} name={[row.name, 'role']} rules={[{ required: true, message: 'Chọn vai trò' }]} style={{ minWidth: 180 }}>
                  <Select options={Object.entries(ROLE).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {(form) => {
                    const role = form.getFieldValue(['roles', row.name, 'role']) as Role | undefined;
                    const needed = !!role && DEPT_ROLES.includes(role);
                    return (
                      <Form.Item label={`Phòng ban ${i + 1}`} name={[row.name, 'departmentId']} style={{ minWidth: 220 }}
                        rules={needed ? [{ required: true, message: 'Chọn phòng ban cho vai trò này' }] : []}>
                        <Select allowClear disabled={!needed} options={depts.map((d) => ({ value: d.id, label: d.name }))} />
                      </Form.Item>
                    );
                  }}
                </Form.Item>
                {rows.length > 1 && <Button style={{ marginTop: 30 }} onClick={() => remove(row.name)} aria-label={`Bỏ vai trò ${i + 1}`}>Bỏ</Button>}
              </Space>
            ))}
            <div style={{ marginBottom: 16 }}><Button onClick={() => add({})}>Thêm vai trò (kiêm nhiệm)</Button></div>
          </>}
        </Form.List>
      )}
    </ActionModal>
  );
}

/** POST /users/:id/reset-password: the temporary password is shown once, then only the user's change replaces it. */
export function ResetPassword({ user }: { user: User }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [temporary, setTemporary] = useState<string | null>(null);
  const reset = async () => {
    setBusy(true); setError(null);
    try {
      const r = await jsonRequest<{ temporaryPassword: string }>('POST', `/users/${user.id}/reset-password`, {});
      setConfirming(false); setTemporary(r.temporaryPassword);
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <>
      <Button onClick={() => setConfirming(true)} aria-label={`Đặt lại mật khẩu của ${user.fullName}`}>Đặt lại mật khẩu</Button>
      <Modal open={confirming} title={`Đặt lại mật khẩu của ${user.fullName}?`} onCancel={() => setConfirming(false)} destroyOnHidden footer={null}>
        <ApiErrorAlert error={error} />
        <p>Mật khẩu hiện tại sẽ không dùng được nữa. Người dùng đăng nhập bằng mật khẩu tạm và phải đổi ngay.</p>
        <Button type="primary" danger loading={busy} onClick={reset}>Đặt lại mật khẩu</Button>
        <Button style={{ marginLeft: 8 }} onClick={() => setConfirming(false)}>Hủy</Button>
      </Modal>
      <Modal open={temporary !== null} title="Mật khẩu tạm" onCancel={() => setTemporary(null)} destroyOnHidden
        footer={<Button type="primary" onClick={() => setTemporary(null)}>Đã ghi lại, đóng</Button>}>
        <p>Mật khẩu tạm của {user.fullName} (chỉ hiển thị một lần, hãy trao trực tiếp cho người dùng):</p>
        <Typography.Paragraph copyable={{ text: temporary ?? '' }}><code data-testid="temporary-password">{temporary}</code></Typography.Paragraph>
      </Modal>
    </>
  );
}
