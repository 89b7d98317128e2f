import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { jsonRequest, tokens } from '../api/client';
import type { LoginAnswer } from '../api/types';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { Button, Form, Input } from '../ui';

type Step = { kind: 'password' } | { kind: 'mfa'; mfaToken: string } | { kind: 'change'; currentPassword: string };

/** Sign-in: password, then the TOTP code when the account has two-factor sign-in, or a forced password change. */
export default function SignIn() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>(params.get('doiMatKhau') ? { kind: 'change', currentPassword: '' } : { kind: 'password' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const done = () => { qc.clear(); navigate(params.get('next') ?? '/', { replace: true }); };

  const run = async (fn: () => Promise<void>) => {
    setBusy(true); setError(null);
    try { await fn(); } catch (e) { setError(e); } finally { setBusy(false); }
  };

  const signIn = (v: { username: string; password: string }) => run(async () => {
    const answer = await jsonRequest<LoginAnswer>('POST', '/auth/login', v);
    if ('mfaRequired' in answer) return setStep({ kind: 'mfa', mfaToken: answer.mfaToken });
    tokens.set(answer);
    if (answer.mustChangePassword) return setStep({ kind: 'change', currentPassword: v.password });
    done();
  });

  const verifyCode = (v: { code: string }) => run(async () => {
    if (step.kind !== 'mfa') return;
    const answer = await jsonRequest<Extract<LoginAnswer, { accessToken: string }>>('POST', '/auth/login/mfa', { mfaToken: step.mfaToken, code: v.code.trim() });
    tokens.set(answer);
    if (answer.mustChangePassword) return setStep({ kind: 'change', currentPassword: '' });
    done();
  });

  const changePassword = (v: { currentPassword: string; newPassword: string }) => run(async () => {
    await jsonRequest('POST', '/auth/change-password', v);
    done();
  });

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1 style={{ fontSize: 24, marginTop: 0 }}>vanthu — Văn phòng số</h1>
        <ApiErrorAlert error={error} />
        {step.kind === 'password' && (
          <Form layout="vertical" onFinish={signIn} requiredMark={false}>
            <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>Đăng nhập</Button>
          </Form>
        )}
        {step.kind === 'mfa' && (
          <Form layout="vertical" onFinish={verifyCode} requiredMark={false}>
            <p>Nhập mã 6 số trong ứng dụng xác thực trên điện thoại.</p>
            <Form.Item label="Mã xác thực" name="code" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: 'Mã gồm 6 chữ số' }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" autoFocus maxLength={8} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>Xác nhận</Button>
          </Form>
        )}
        {step.kind === 'change' && (
          <Form layout="vertical" onFinish={changePassword} initialValues={{ currentPassword: step.currentPassword }} requiredMark={false}>
            <p>Tài khoản cần đổi mật khẩu trước khi làm việc.</p>
            <Form.Item label="Mật khẩu hiện tại" name="currentPassword" rules={[{ required: true, message: 'Nhập mật khẩu hiện tại' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item label="Mật khẩu mới" name="newPassword" rules={[{ required: true, min: 10, message: 'Mật khẩu mới có ít nhất 10 ký tự' }]}>
              <Input.Password autoComplete="new-password" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>Đổi mật khẩu</Button>
          </Form>
        )}
      </div>
    </main>
  );
}
