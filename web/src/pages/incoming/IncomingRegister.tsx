import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, authFetch } from '../../api/client';
import { useDocumentTypes } from '../../api/hooks';
import type { IncomingDocument } from '../../api/types';
import { ApiErrorAlert, showFieldErrors } from '../../components/ApiErrorAlert';
import { Shortcuts, useShortcuts } from '../../components/useShortcuts';
import { CHANNEL, CONFIDENTIALITY, URGENCY } from '../../format';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Upload } from '../../ui';

interface Values {
  issuerName: string; symbol: string; documentDate: Dayjs; documentType: string; summary: string;
  urgency: string; confidentiality: string; channel: string; file?: { originFileObj: File }[];
}

const INITIAL = { urgency: 'normal', confidentiality: 'normal', channel: 'paper', documentType: 'CONG_VAN' };
const opts = (m: Record<string, string>, skip: string[] = []) => Object.entries(m).filter(([k]) => !skip.includes(k)).map(([value, label]) => ({ value, label }));

/** Vào sổ văn bản đến: the clerk's morning form, with the duplicate check inline and the number shown large. */
export default function IncomingRegister() {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const types = useDocumentTypes();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const [registered, setRegistered] = useState<IncomingDocument | null>(null);
  const continueAfter = useRef(false);
  const sending = useRef(false);

  const send = async (v: Values, allowDuplicate: boolean) => {
    if (sending.current) return; // Enter pressed twice registers once
    sending.current = true;
    setBusy(true); setError(null);
    try {
      const body = new FormData();
      const data = {
        issuerName: v.issuerName.trim(), symbol: v.symbol.trim(), documentDate: v.documentDate.format('YYYY-MM-DD'),
        documentType: v.documentType, summary: v.summary.trim(), urgency: v.urgency, confidentiality: v.confidentiality,
        channel: v.channel, ...(allowDuplicate ? { allowDuplicate: true } : {}),
      };
      body.append('data', JSON.stringify(data));
      const file = v.file?.[0]?.originFileObj;
      if (file) body.append('file', file, file.name);
      const res = await authFetch('/incoming-documents', { method: 'POST', body, headers: { 'Idempotency-Key': crypto.randomUUID() } });
      const doc = (await res.json()) as IncomingDocument;
      setRegistered(doc);
      setDuplicateOf(null);
      qc.invalidateQueries({ queryKey: ['incoming'] });
      qc.invalidateQueries({ queryKey: ['worklist'] });
      if (continueAfter.current) {
        form.resetFields(['symbol', 'documentDate', 'summary', 'file']);
        form.getFieldInstance('symbol')?.focus?.();
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INCOMING_DUPLICATE') {
        setDuplicateOf(String(e.details.find((d) => d.existingId)?.existingId ?? ''));
      } else if (!showFieldErrors(form, e, { file: 'file' })) setError(e);
    } finally { setBusy(false); sending.current = false; }
  };

  const submit = (next: boolean) => { continueAfter.current = next; form.submit(); };
  useShortcuts({ s: () => submit(false), n: () => submit(true) });

  return (
    <div className="page">
      <h1 className="page-title">Vào sổ văn bản đến</h1>
      <Shortcuts items={[['Enter', 'Vào sổ'], ['Alt+S', 'Vào sổ'], ['Alt+N', 'Lưu và vào sổ tiếp']]} />
      {registered && (
        <Card style={{ marginBottom: 16, borderColor: '#1d4ed8' }} role="status">
          <div>Đã vào sổ văn bản đến</div>
          <div className="big-number" aria-label="Số đến">Số đến {registered.arrivalNumber}</div>
          <div>{registered.symbol} — {registered.summary}</div>
          <Space style={{ marginTop: 8 }}>
            <Link to={`/van-ban-den/${registered.id}`}>Mở văn bản vừa vào sổ (Trình lãnh đạo)</Link>
          </Space>
        </Card>
      )}
      <ApiErrorAlert error={error} />
      {duplicateOf !== null && (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 12 }}
          title="Văn bản này (cùng cơ quan ban hành, số ký hiệu và ngày văn bản) đã được vào sổ trong năm."
          description={<Space wrap>
            {duplicateOf && <Link to={`/van-ban-den/${duplicateOf}`}>Xem văn bản đã vào sổ</Link>}
            <Button danger onClick={() => send(form.getFieldsValue(true) as Values, true)} loading={busy}>Vẫn vào sổ</Button>
          </Space>} />
      )}
      <Card>
        <Form form={form} layout="vertical" initialValues={INITIAL} onFinish={(v) => send(v, false)} requiredMark="optional"
          onValuesChange={() => duplicateOf !== null && setDuplicateOf(null)}>
          <Form.Item label="Tệp văn bản" name="file" valuePropName="fileList" getValueFromEvent={(e) => (Array.isArray(e) ? e : e?.fileList)?.slice(-1)}
            extra="Kéo thả tệp PDF vào đây, hoặc bấm để chọn tệp.">
            <Upload.Dragger accept="application/pdf,.pdf" beforeUpload={() => false} maxCount={1}>
              <p>Kéo thả tệp PDF vào đây hoặc bấm để chọn</p>
            </Upload.Dragger>
          </Form.Item>
          <Form.Item label="Cơ quan ban hành" name="issuerName" rules={[{ required: true, whitespace: true, message: 'Nhập cơ quan ban hành' }]}>
            <Input autoFocus />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item label="Số, ký hiệu" name="symbol" rules={[{ required: true, whitespace: true, message: 'Nhập số, ký hiệu' }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item label="Ngày văn bản" name="documentDate" rules={[{ required: true, message: 'Chọn ngày văn bản' }]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: 180 }} />
            </Form.Item>
            <Form.Item label="Loại văn bản" name="documentType" rules={[{ required: true, message: 'Chọn loại văn bản' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} loading={types.isLoading}
                options={(types.data ?? []).map((t) => ({ value: t.key, label: t.name }))} />
            </Form.Item>
          </Space>
          <Form.Item label="Trích yếu" name="summary" rules={[{ required: true, whitespace: true, message: 'Nhập trích yếu' }]}>
            <Input.TextArea rows={2} onPressEnter={(e) => { if (!e.shiftKey) { e.preventDefault(); submit(false); } }} />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item label="Độ khẩn" name="urgency"><Select style={{ width: 160 }} options={opts(URGENCY)} /></Form.Item>
            <Form.Item label="Độ mật" name="confidentiality"><Select style={{ width: 160 }} options={opts(CONFIDENTIALITY)} /></Form.Item>
            <Form.Item label="Hình thức nhận" name="channel"><Select style={{ width: 160 }} options={opts(CHANNEL, ['internal'])} /></Form.Item>
          </Space>
          <Space wrap style={{ display: 'flex' }}>
            <Button type="primary" htmlType="submit" loading={busy} onClick={() => { continueAfter.current = false; }}>Vào sổ</Button>
            <Button onClick={() => submit(true)} loading={busy}>Lưu và vào sổ tiếp</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
