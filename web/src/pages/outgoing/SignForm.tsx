import { useState } from 'react';
import type { OutgoingDocument } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Alert, Button, Card, Form, Select } from '../../ui';
import { outgoingApi } from './outgoing-api';
import { AUTHORITIES, AUTHORITY_WORDS, signatureBlockLines } from './signature-block';

/**
 * Ký số: only the forms the signing rules allow this signer for this document type are offered, with the exact block
 * that will be printed; when none is allowed, the reason is shown instead of a button.
 */
export function SignForm({ doc, onDone }: { doc: OutgoingDocument; onDone: () => void }) {
  const auth = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const record = (authority: string) => ({
    documentType: doc.documentType, signerId: doc.signerId, authority,
    onBehalfOfUserId: authority === 'TUQ' && doc.signerId !== auth.me.id ? doc.signerId : null,
  });
  const allowed = AUTHORITIES.filter((a) => auth.can('sign', 'OutgoingDocument', record(a)));
  const [authority, setAuthority] = useState<string | undefined>(allowed[0]);
  if (!allowed.length) {
    return (
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="Bạn không được ký văn bản này"
        description="Quy tắc ký của phường không cho chức vụ của bạn ký loại văn bản này, và bạn không có ủy quyền còn hiệu lực. Quản trị phường xem mục Quy tắc ký hoặc Ủy quyền." />
    );
  }
  const sign = async () => {
    if (!authority) return;
    setBusy(true); setError(null);
    try {
      const r = record(authority);
      await outgoingApi.sign(doc.id, authority, r.onBehalfOfUserId ?? undefined);
      onDone();
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const lines = authority ? signatureBlockLines(authority, auth.me) : [];
  return (
    <Card title="Ký số" style={{ marginBottom: 16 }}>
      <ApiErrorAlert error={error} />
      <Form layout="vertical" onFinish={sign}>
        <Form.Item label="Hình thức ký" htmlFor="hinh-thuc-ky">
          <Select id="hinh-thuc-ky" value={authority} onChange={setAuthority} style={{ maxWidth: 320 }}
            options={allowed.map((a) => ({ value: a, label: AUTHORITY_WORDS[a] }))} />
        </Form.Item>
        <div aria-label="Khối chữ ký" style={{ textAlign: 'center', maxWidth: 320, border: '1px dashed #9ca3af', padding: 12, marginBottom: 12, background: '#fff' }}>
          {lines.map((l) => <div key={l} style={{ fontWeight: 700 }}>{l}</div>)}
          <div style={{ height: 32 }} />
          <div style={{ fontWeight: 700 }}>{auth.me.fullName}</div>
        </div>
        <p>Khối chữ ký: <strong>{lines.join(' / ')}</strong></p>
        <Button type="primary" htmlType="submit" loading={busy}>Ký số</Button>
      </Form>
    </Card>
  );
}
