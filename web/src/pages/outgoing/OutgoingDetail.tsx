import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useDocumentTypes, useNames, useUsers } from '../../api/hooks';
import type { OutgoingDocument } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ActionModal } from '../../components/ActionModal';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PdfView } from '../../components/PdfView';
import { EXCHANGE_STATUS, fmtDate, fmtDateTime, HISTORY_ACTION, OUTGOING_STATUS } from '../../format';
import { Button, Card, Descriptions, Form, Input, Select, Space, Spin, Table, Tag, Timeline } from '../../ui';
import { outgoingApi } from './outgoing-api';
import { SignForm } from './SignForm';
import { Verify } from './Verify';

export default function OutgoingDetail() {
  const { id = '' } = useParams();
  const auth = useAuth();
  const qc = useQueryClient();
  const names = useNames();
  const users = useUsers().data ?? [];
  const types = useDocumentTypes().data ?? [];
  const [showFile, setShowFile] = useState(false);
  const [issueError, setIssueError] = useState<unknown>(null);
  const [issuing, setIssuing] = useState(false);
  const q = useQuery({ queryKey: ['outgoing', id], queryFn: () => outgoingApi.get(id) });
  const refresh = () => { qc.invalidateQueries({ queryKey: ['outgoing'] }); qc.invalidateQueries({ queryKey: ['worklist'] }); };
  if (q.error) return <div className="page"><ApiErrorAlert error={q.error} /></div>;
  if (!q.data) return <div className="page"><Spin /></div>;
  const d: OutgoingDocument = q.data;
  const can = (a: string) => auth.can(a, 'OutgoingDocument', { ...d });
  const type = types.find((t) => t.key === d.documentType);
  const abbreviation = type?.abbreviation ? `${type.abbreviation}-UBND` : 'UBND';
  const reviewers = users.filter((u) => u.id !== auth.me.id && u.roles.some((r) => ['head', 'deputy_head', 'chairman', 'vice_chairman'].includes(r.role)));
  const issue = async () => {
    setIssuing(true); setIssueError(null);
    try { await outgoingApi.issue(d.id); refresh(); setShowFile(true); } catch (e) { setIssueError(e); } finally { setIssuing(false); }
  };
  return (
    <div className="page">
      <h1 className="page-title">
        {d.symbol ? `Số: ${d.symbol}` : type?.name ?? 'Văn bản đi'}
        <Tag style={{ marginLeft: 8 }} color={d.status === 'issued' ? 'green' : 'blue'}>{OUTGOING_STATUS[d.status]}</Tag>
      </h1>
      <p style={{ fontSize: 16 }}>{d.summary}</p>
      {d.returnReason && d.status === 'draft' && <p className="overdue">Bị trả lại: {d.returnReason}</p>}
      <Space wrap style={{ marginBottom: 12 }}>
        {d.status === 'draft' && can('submit') && (
          <ActionModal<{ reviewerId: string }> label="Trình duyệt" primary onSubmit={(v) => outgoingApi.submit(d.id, v.reviewerId).then(refresh)}>
            {() => <Form.Item label="Người duyệt" name="reviewerId" rules={[{ required: true, message: 'Chọn người duyệt' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={reviewers.map((u) => ({ value: u.id, label: `${u.fullName} — ${u.positionTitle}` }))} />
            </Form.Item>}
          </ActionModal>
        )}
        {d.status === 'in_review' && can('approve') && (
          <ActionModal<{ note?: string }> label="Duyệt" primary onSubmit={(v) => outgoingApi.approve(d.id, v.note).then(refresh)}>
            {() => <Form.Item label="Ý kiến" name="note"><Input.TextArea rows={2} /></Form.Item>}
          </ActionModal>
        )}
        {(d.status === 'in_review' || d.status === 'awaiting_signature') && can('return') && (
          <ActionModal<{ reason: string }> label="Trả lại" danger onSubmit={(v) => outgoingApi.returnDraft(d.id, v.reason.trim()).then(refresh)}>
            {() => <Form.Item label="Lý do" name="reason" rules={[{ required: true, whitespace: true, message: 'Nhập lý do trả lại' }]}><Input.TextArea rows={3} /></Form.Item>}
          </ActionModal>
        )}
        {d.status === 'signed' && can('issue') && (
          <Card size="small" style={{ borderColor: '#1d4ed8' }}>
            <div>Số sẽ cấp khi ban hành: <strong>Số: …/{abbreviation}</strong> (số tiếp theo trong sổ văn bản đi)</div>
            <Button type="primary" onClick={issue} loading={issuing} style={{ marginTop: 8 }}>Ban hành</Button>
          </Card>
        )}
        {(d.fileId || d.draftFileId) && <Button onClick={() => setShowFile(!showFile)}>Xem văn bản</Button>}
      </Space>
      <ApiErrorAlert error={issueError} />
      {d.status === 'awaiting_signature' && d.signerId === auth.me.id && <SignForm doc={d} onDone={refresh} />}
      {d.status === 'awaiting_signature' && d.signerId !== auth.me.id && <p>Chờ {names.user(d.signerId)} ký.</p>}
      {showFile && (
        <Card title={d.symbol ? `Văn bản Số: ${d.symbol}` : 'Bản dự thảo'} style={{ marginBottom: 16 }}>
          <PdfView path={`/outgoing-documents/${d.id}/file`} title={d.symbol ? `Văn bản số ${d.symbol}` : 'Bản dự thảo'} />
          {d.status === 'issued' && <Verify id={d.id} />}
        </Card>
      )}
      <Card title="Thông tin văn bản" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
          { label: 'Loại văn bản', children: type?.name ?? d.documentType },
          { label: 'Đơn vị soạn thảo', children: names.dept(d.departmentId) },
          { label: 'Người soạn', children: names.user(d.createdByUserId) },
          { label: 'Người duyệt', children: names.user(d.reviewerId) },
          { label: 'Người ký', children: names.user(d.signerId) },
          { label: 'Khối chữ ký', children: d.signatureBlock ? `${d.signatureBlock.lines.join(' / ')} — ${d.signatureBlock.name}` : '—' },
          { label: 'Ngày ban hành', children: fmtDate(d.issuedDate) },
          { label: 'Nơi nhận', children: d.recipients.map((r) => (r.departmentId ? names.dept(r.departmentId) : r.name)).filter(Boolean).join('; ') || '—' },
        ]} />
      </Card>
      {!!d.exchange?.length && (
        <Card title="Liên thông văn bản" style={{ marginBottom: 16 }}>
          <Table rowKey="organId" dataSource={d.exchange} pagination={false} size="small" scroll={{ x: 640 }}
            columns={[
              { title: 'Cơ quan nhận', render: (_, x) => x.name ?? x.organId },
              { title: 'Mã định danh', dataIndex: 'organId' },
              { title: 'Trạng thái', render: (_, x) => <>{EXCHANGE_STATUS[x.status] ?? x.status}{x.statusCode ? ` (${x.statusCode})` : ''}{x.description && (x.status === 'refused' || x.status === 'failed' || x.status === 'recall_refused') ? ` — ${x.description}` : ''}</> },
              { title: 'Thời điểm', dataIndex: 'at', render: (at: string) => fmtDateTime(at) },
            ]} />
        </Card>
      )}
      <Card title="Lịch sử">
        <Timeline items={(d.history ?? []).map((h, i) => ({
          key: i,
          content: <div><strong>{h.action === 'submitted' ? 'Trình duyệt' : HISTORY_ACTION[h.action] ?? h.action}</strong> — {names.user(h.actorUserId)} <span style={{ color: '#4b5563' }}>{fmtDateTime(h.createdAt)}</span>{h.note ? <div>{h.note}</div> : null}</div>,
        }))} />
      </Card>
    </div>
  );
}
