import { useState } from 'react';
import { jsonRequest } from '../api/client';
import { ApiErrorAlert, showFieldErrors } from '../components/ApiErrorAlert';
import { Alert, Button, Card, Form, Input } from '../ui';

export default function ChangePassword() {
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    setError(null); setOk(false);
    try {
      await jsonRequest('POST', '/auth/change-password', v);
      setOk(true);
      form.resetFields();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  return (
    <div className="page">
      <h1 className="page-title">Đổi mật khẩu</h1>
      <Card style={{ maxWidth: 480 }}>
        {ok && <Alert type="success" showIcon title="Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất." style={{ marginBottom: 12 }} />}
        <ApiErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="Mật khẩu hiện tại" name="currentPassword" rules={[{ required: true, message: 'Nhập mật khẩu hiện tại' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item label="Mật khẩu mới" name="newPassword" rules={[{ required: true, min: 10, message: 'Mật khẩu mới có ít nhất 10 ký tự' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">Đổi mật khẩu</Button>
        </Form>
      </Card>
    </div>
  );
}
