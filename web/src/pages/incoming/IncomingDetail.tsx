import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useNames, useUsers } from '../../api/hooks';
import type { IncomingDocument } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ActionModal } from '../../components/ActionModal';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Deadline } from '../../components/Deadline';
import { PdfView } from '../../components/PdfView';
import { CHANNEL, CONFIDENTIALITY, fmtDate, fmtDateTime, HISTORY_ACTION, INCOMING_STATUS, LINE_ROLE, LINE_STATUS, URGENCY } from '../../format';
import { Button, Card, Checkbox, Descriptions, Form, Input, Select, Space, Spin, Table, Tag, Timeline } from '../../ui';
import { DirectForm } from './DirectForm';
import { incomingApi } from './incoming-api';
import { LineActions } from './LineActions';
import { docSubject } from './subject';

export default function IncomingDetail() {
  const { id = '' } = useParams();
  const auth = useAuth();
  const qc = useQueryClient();
  const names = useNames();
  const users = useUsers().data ?? [];
  const [stamped, setStamped] = useState(true);
  const [slip, setSlip] = useState(false);
  const q = useQuery({ queryKey: ['incoming', id], queryFn: () => incomingApi.get(id) });
  const refresh = () => { qc.invalidateQueries({ queryKey: ['incoming'] }); qc.invalidateQueries({ queryKey: ['worklist'] }); };
  if (q.error) return <div className="page"><ApiErrorAlert error={q.error} /></div>;
  if (!q.data) return <div className="page"><Spin /></div>;
  const d: IncomingDocument = q.data;
  const subject = docSubject(d);
  const leaders = users.filter((u) => u.roles.some((r) => r.role === 'chairman' || r.role === 'vice_chairman'));
  const canSubmit = d.status === 'registered' && auth.can('submit', 'IncomingDocument', subject);
  const canDirect = d.status === 'awaiting_direction' && auth.can('direct', 'IncomingDocument', subject);
  const canReturn = d.status === 'received' && d.channel === 'electronic' && auth.can('register', 'IncomingDocument', subject);
  const recallActions = ['recall_requested', 'recall_accepted', 'recall_refused', 'recalled'];
  const lastRecall = [...(d.history ?? [])].reverse().find((h) => recallActions.includes(h.action));
  const recallPending = lastRecall?.action === 'recall_requested' && auth.can('register', 'IncomingDocument', subject);
  const lines = d.lines ?? [];
  return (
    <div className="page">
      <h1 className="page-title">
        {d.arrivalNumber ? `Số đến ${d.arrivalNumber}` : 'Văn bản đến'} — {d.symbol}
        <Tag style={{ marginLeft: 8 }} color={d.status === 'completed' ? 'green' : 'blue'}>{INCOMING_STATUS[d.status] ?? d.status}</Tag>
      </h1>
      <Space wrap style={{ marginBottom: 12 }}>
        {canSubmit && (
          <ActionModal<{ leaderId: string; note?: string }> label="Trình lãnh đạo" primary onSubmit={(v) => incomingApi.submit(d.id, v).then(refresh)}>
            {() => <>
              <Form.Item label="Lãnh đạo" name="leaderId" rules={[{ required: true, message: 'Chọn lãnh đạo' }]}>
                <Select options={leaders.map((u) => ({ value: u.id, label: `${u.fullName} — ${u.positionTitle}` }))} />
              </Form.Item>
              <Form.Item label="Ghi chú" name="note"><Input.TextArea rows={2} /></Form.Item>
            </>}
          </ActionModal>
        )}
        {canReturn && (
          <ActionModal<{ reason: string }> label="Trả lại" danger onSubmit={(v) => incomingApi.returnToSender(d.id, v.reason.trim()).then(refresh)}>
            {() => <Form.Item label="Lý do" name="reason" rules={[{ required: true, whitespace: true, message: 'Nhập lý do trả lại' }]}><Input.TextArea rows={3} /></Form.Item>}
          </ActionModal>
        )}
        {recallPending && (
          <>
            <ActionModal<{ note?: string }> label="Đồng ý thu hồi" danger onSubmit={(v) => incomingApi.decideRecall(d.id, true, v.note?.trim() || undefined).then(refresh)}>
              {() => <Form.Item label="Ghi chú" name="note"><Input.TextArea rows={2} /></Form.Item>}
            </ActionModal>
            <ActionModal<{ note?: string }> label="Từ chối thu hồi" onSubmit={(v) => incomingApi.decideRecall(d.id, false, v.note?.trim() || undefined).then(refresh)}>
              {() => <Form.Item label="Lý do" name="note" rules={[{ required: true, whitespace: true, message: 'Nhập lý do từ chối' }]}><Input.TextArea rows={2} /></Form.Item>}
            </ActionModal>
          </>
        )}
        {d.arrivalNumber && <Button onClick={() => setSlip((v) => !v)} aria-expanded={slip}>Phiếu giải quyết</Button>}
      </Space>
      {slip && d.arrivalNumber && (
        <Card title="Phiếu giải quyết văn bản đến" style={{ marginBottom: 16 }}>
          <PdfView path={`/incoming-documents/${d.id}/processing-slip`} title={`Phiếu giải quyết — số đến ${d.arrivalNumber}`} />
        </Card>
      )}
      {recallPending && <p className="overdue">Cơ quan gửi yêu cầu thu hồi văn bản này{lastRecall?.note ? `: ${lastRecall.note}` : ''}.</p>}
      {canDirect && <DirectForm id={d.id} onDone={refresh} />}
      <Card title="Thông tin văn bản" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" items={[
          { label: 'Cơ quan ban hành', children: d.issuerName },
          { label: 'Số, ký hiệu', children: d.symbol },
          { label: 'Ngày văn bản', children: fmtDate(d.documentDate) },
          { label: 'Số đến', children: d.arrivalNumber ?? '—' },
          { label: 'Ngày đến', children: fmtDate(d.arrivalDate) },
          { label: 'Trích yếu', children: d.summary, span: 2 },
          { label: 'Độ khẩn', children: URGENCY[d.urgency] ?? d.urgency },
          { label: 'Độ mật', children: CONFIDENTIALITY[d.confidentiality] ?? d.confidentiality },
          { label: 'Hình thức nhận', children: CHANNEL[d.channel] ?? d.channel },
          { label: 'Hạn xử lý', children: <Deadline date={d.dueDate} done={!d.overdue} /> },
          { label: 'Trình', children: names.user(d.submittedToUserId) },
          { label: 'Người vào sổ', children: names.user(d.registeredByUserId) },
        ]} />
      </Card>
      <Card title="Xử lý theo đơn vị" style={{ marginBottom: 16 }}>
        <Table rowKey="id" dataSource={lines} pagination={false} size="small" scroll={{ x: 800 }}
          locale={{ emptyText: d.status === 'awaiting_direction' ? 'Đang chờ lãnh đạo chỉ đạo.' : 'Chưa chuyển xử lý. Sau khi lãnh đạo chỉ đạo, các đơn vị xử lý hiện ở đây.' }}
          columns={[
            { title: 'Đơn vị / người', render: (_, l) => (l.userId ? names.user(l.userId) : names.dept(l.departmentId)) },
            { title: 'Vai trò', dataIndex: 'role', render: (r: string) => LINE_ROLE[r] ?? r },
            { title: 'Trạng thái', dataIndex: 'status', render: (s: string, l) => <>{LINE_STATUS[s] ?? s}{l.result ? ` — ${l.result}` : ''}{l.returnReason ? ` — ${l.returnReason}` : ''}</> },
            { title: 'Hạn', dataIndex: 'deadline', render: (x: string | null, l) => <Deadline date={x} done={!l.overdue} /> },
            { title: 'Thao tác', render: (_, l) => <LineActions doc={d} line={l} onDone={refresh} /> },
          ]} />
        {lines.find((l) => l.instruction) && <p style={{ marginTop: 8 }}>Ý kiến chỉ đạo: {lines.find((l) => l.instruction)?.instruction}</p>}
      </Card>
      {d.fileId && (
        <Card title="Tệp văn bản" style={{ marginBottom: 16 }}
          extra={d.arrivalNumber ? <Checkbox checked={stamped} onChange={(e) => setStamped(e.target.checked)}>Bản có dấu ĐẾN</Checkbox> : null}>
          <PdfView path={`/incoming-documents/${d.id}/file${stamped && d.arrivalNumber ? '?stamped=true' : ''}`} title={`Tệp văn bản ${d.symbol}`} />
        </Card>
      )}
      <Card title="Lịch sử">
        <Timeline items={(d.history ?? []).map((h) => ({
          key: h.id,
          content: <div><strong>{HISTORY_ACTION[h.action] ?? HISTORY_ACTION[h.action.replace(/^line_/, '')] ?? h.action}</strong> — {names.user(h.actorUserId)} <span style={{ color: '#4b5563' }}>{fmtDateTime(h.createdAt)}</span>{h.note ? <div>{h.note}</div> : null}</div>,
        }))} />
      </Card>
    </div>
  );
}
