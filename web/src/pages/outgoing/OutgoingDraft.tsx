import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { authFetch, jsonRequest } from '../../api/client';
import { useDepartments, useDocumentTypes, useUsers } from '../../api/hooks';
import type { OutgoingDocument } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ApiErrorAlert, showFieldErrors } from '../../components/ApiErrorAlert';
import { Button, Card, Form, Input, Radio, Select, Upload } from '../../ui';

interface Values {
  documentType: string; summary: string; departmentId: string; signerId?: string; recipients?: string[];
  mode: 'file' | 'content'; file?: { originFileObj: File }[]; paragraphs?: string;
}

/** Soạn văn bản: an uploaded draft PDF, or content the service composes into a Decree 30 document. */
export default function OutgoingDraft() {
  const auth = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const types = useDocumentTypes().data ?? [];
  const depts = useDepartments().data ?? [];
  const users = useUsers().data ?? [];
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const mode = Form.useWatch('mode', form) ?? 'file';
  const signers = users.filter((u) => u.roles.some((r) => ['chairman', 'vice_chairman', 'head', 'deputy_head'].includes(r.role)));
  const myDept = auth.me.departmentId ?? auth.me.roles.find((r) => r.departmentId)?.departmentId ?? undefined;

  const finish = async (v: Values) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true); setError(null);
    try {
      const deptIds = new Set(depts.map((d) => d.id));
      const recipients = (v.recipients ?? []).map((r) => (deptIds.has(r) ? { type: 'department', departmentId: r } : { type: 'external', name: r }));
      const data = { documentType: v.documentType, summary: v.summary.trim(), departmentId: v.departmentId, signerId: v.signerId, recipients };
      let doc: OutgoingDocument;
      if (v.mode === 'content') {
        const paragraphs = (v.paragraphs ?? '').split(/\n\s*\n|\n/).map((s) => s.trim()).filter(Boolean);
        doc = await jsonRequest<OutgoingDocument>('POST', '/outgoing-documents', { ...data, content: { paragraphs } });
      } else {
        const body = new FormData();
        body.append('data', JSON.stringify(data));
        const file = v.file?.[0]?.originFileObj;
        if (file) body.append('file', file, file.name);
        doc = await (await authFetch('/outgoing-documents', { method: 'POST', body, headers: { 'Idempotency-Key': crypto.randomUUID() } })).json();
      }
      qc.invalidateQueries({ queryKey: ['outgoing'] });
      navigate(`/van-ban-di/${doc.id}`);
    } catch (e) {
      if (!showFieldErrors(form, e, { 'content.paragraphs': 'paragraphs' })) setError(e);
    } finally { setBusy(false); sending.current = false; }
  };

  return (
    <div className="page">
      <h1 className="page-title">Soạn văn bản</h1>
      <ApiErrorAlert error={error} />
      <Card>
        <Form form={form} layout="vertical" onFinish={finish} requiredMark="optional" initialValues={{ mode: 'file', documentType: 'THONG_BAO', departmentId: myDept }}>
          <Form.Item label="Loại văn bản" name="documentType" rules={[{ required: true, message: 'Chọn loại văn bản' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={types.map((t) => ({ value: t.key, label: t.name }))} style={{ maxWidth: 320 }} />
          </Form.Item>
          <Form.Item label="Trích yếu" name="summary" rules={[{ required: true, whitespace: true, message: 'Nhập trích yếu' }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item label="Đơn vị soạn thảo" name="departmentId" rules={[{ required: true, message: 'Chọn đơn vị soạn thảo' }]}>
            <Select options={depts.map((d) => ({ value: d.id, label: d.name }))} style={{ maxWidth: 420 }} />
          </Form.Item>
          <Form.Item label="Người ký" name="signerId" rules={[{ required: true, message: 'Chọn người ký' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={signers.map((u) => ({ value: u.id, label: `${u.fullName} — ${u.positionTitle}` }))} style={{ maxWidth: 420 }} />
          </Form.Item>
          <Form.Item label="Nơi nhận" name="recipients" extra="Chọn phòng trong phường, hoặc gõ tên nơi nhận bên ngoài rồi Enter.">
            <Select aria-label="Nơi nhận" mode="tags" options={depts.map((d) => ({ value: d.id, label: d.name }))} optionFilterProp="label" />
          </Form.Item>
          <Form.Item label="Cách soạn" name="mode">
            <Radio.Group options={[{ value: 'file', label: 'Tải tệp dự thảo' }, { value: 'content', label: 'Soạn nội dung' }]} />
          </Form.Item>
          {mode === 'file' ? (
            <Form.Item label="Tệp dự thảo" name="file" valuePropName="fileList" getValueFromEvent={(e) => (Array.isArray(e) ? e : e?.fileList)?.slice(-1)}
              rules={[{ required: true, message: 'Chọn tệp PDF dự thảo' }]} extra="Tệp PDF có chỗ trống cho số, ngày và chữ ký.">
              <Upload.Dragger accept="application/pdf,.pdf" beforeUpload={() => false} maxCount={1}><p>Kéo thả tệp PDF vào đây hoặc bấm để chọn</p></Upload.Dragger>
            </Form.Item>
          ) : (
            <Form.Item label="Nội dung" name="paragraphs" rules={[{ required: true, whitespace: true, message: 'Nhập nội dung' }]} extra="Mỗi dòng là một đoạn.">
              <Input.TextArea rows={8} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>Lưu dự thảo</Button>
        </Form>
      </Card>
    </div>
  );
}
