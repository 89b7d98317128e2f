import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useParams } from 'react-router';
import { jsonRequest } from '../../api/client';
import type { TaskDetail as TaskDetailT } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ActionModal } from '../../components/ActionModal';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Deadline } from '../../components/Deadline';
import { fmtDate, fmtDateTime, TASK_STATUS } from '../../format';
import { Button, Card, DatePicker, Descriptions, Form, Input, List, Progress, Space, Spin, Tag, Timeline } from '../../ui';

const post = (path: string, body: unknown = {}) => jsonRequest('POST', path, body);

export default function TaskDetail() {
  const { id = '' } = useParams();
  const auth = useAuth();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['tasks', id], queryFn: () => jsonRequest<TaskDetailT & { events?: TaskDetailT['history'] }>('GET', `/tasks/${id}`) });
  const refresh = () => { qc.invalidateQueries({ queryKey: ['tasks'] }); qc.invalidateQueries({ queryKey: ['worklist'] }); };
  if (q.error) return <div className="page"><ApiErrorAlert error={q.error} /></div>;
  if (!q.data) return <div className="page"><Spin /></div>;
  const t = q.data;
  const record = {
    assigneeUserId: t.assignee.userId, assigneeDepartmentId: t.assignee.departmentId,
    assigneeKind: t.assignee.userId ? 'user' : 'department', assignedByUserId: t.assignedBy.userId,
  };
  const canWork = t.status === 'in_progress' && auth.can('update', 'Task', record);
  const canAccept = t.status === 'completion_reported' && auth.can('approve', 'Task', record);
  const pending = (t.extensionRequests ?? []).filter((r) => r.status === 'pending');
  const events = t.history ?? t.events ?? [];
  return (
    <div className="page">
      <h1 className="page-title">{t.title} <Tag color={t.status === 'done' ? 'green' : 'blue'}>{TASK_STATUS[t.status]}</Tag></h1>
      <Space wrap style={{ marginBottom: 12 }}>
        {canWork && (
          <ActionModal<{ percent: string; note: string }> label="Cập nhật tiến độ" primary initialValues={{ percent: String(t.progressPercent) }}
            onSubmit={(v) => post(`/tasks/${t.id}/progress`, { percent: Number(v.percent), note: v.note.trim() }).then(refresh)}>
            {() => <>
              <Form.Item label="Phần trăm hoàn thành" name="percent" rules={[{ required: true, pattern: /^(100|[1-9]?\d)$/, message: 'Nhập số từ 0 đến 100' }]}><Input inputMode="numeric" /></Form.Item>
              <Form.Item label="Ghi chú" name="note" rules={[{ required: true, whitespace: true, message: 'Nhập ghi chú tiến độ' }]}><Input.TextArea rows={2} /></Form.Item>
            </>}
          </ActionModal>
        )}
        {canWork && (
          <ActionModal<{ newDeadline: Dayjs; reason: string }> label="Đề nghị gia hạn"
            onSubmit={(v) => post(`/tasks/${t.id}/extension-requests`, { newDeadline: v.newDeadline.format('YYYY-MM-DD'), reason: v.reason.trim() }).then(refresh)}>
            {() => <>
              <Form.Item label="Hạn mới" name="newDeadline" rules={[{ required: true, message: 'Chọn hạn mới' }]}><DatePicker format="DD/MM/YYYY" /></Form.Item>
              <Form.Item label="Lý do" name="reason" rules={[{ required: true, whitespace: true, message: 'Nhập lý do' }]}><Input.TextArea rows={2} /></Form.Item>
            </>}
          </ActionModal>
        )}
        {canWork && (
          <ActionModal<{ report: string }> label="Báo cáo hoàn thành" onSubmit={(v) => post(`/tasks/${t.id}/report-completion`, { report: v.report.trim() }).then(refresh)}>
            {() => <Form.Item label="Báo cáo" name="report" rules={[{ required: true, whitespace: true, message: 'Nhập báo cáo' }]}><Input.TextArea rows={4} /></Form.Item>}
          </ActionModal>
        )}
        {canAccept && <Button type="primary" onClick={() => post(`/tasks/${t.id}/accept`).then(refresh)}>Nghiệm thu</Button>}
      </Space>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
          { label: 'Thực hiện', children: t.assignee.fullName ?? t.assignee.departmentName },
          { label: 'Giao bởi', children: t.assignedBy.fullName },
          { label: 'Hạn hoàn thành', children: <Deadline date={t.deadline} done={t.status === 'done'} /> },
          { label: 'Tiến độ', children: <Progress aria-label="Tiến độ" percent={t.progressPercent} size="small" style={{ maxWidth: 240 }} /> },
          { label: 'Nội dung', children: t.description ?? '—', span: 2 },
          ...(t.completionReport ? [{ label: 'Báo cáo hoàn thành', children: t.completionReport, span: 2 }] : []),
        ]} />
      </Card>
      {(t.extensionRequests ?? []).length > 0 && (
        <Card title="Đề nghị gia hạn" style={{ marginBottom: 16 }}>
          <List dataSource={t.extensionRequests} renderItem={(r) => (
            <List.Item>
              {fmtDate(r.currentDeadline)} → {fmtDate(r.newDeadline)}: {r.reason} — {r.status === 'pending' ? 'Chờ duyệt' : r.status === 'approved' ? 'Đã đồng ý' : 'Không đồng ý'}
              {r.status === 'pending' && auth.can('approve', 'Task', record) && pending.length > 0 && (
                <Space style={{ marginLeft: 12 }}>
                  <Button size="small" onClick={() => post(`/tasks/${t.id}/extension-requests/${r.id}/decide`, { approve: true }).then(refresh)}>Đồng ý gia hạn</Button>
                  <Button size="small" danger onClick={() => post(`/tasks/${t.id}/extension-requests/${r.id}/decide`, { approve: false }).then(refresh)}>Không đồng ý</Button>
                </Space>
              )}
            </List.Item>
          )} />
        </Card>
      )}
      <Card title="Tiến độ và lịch sử">
        <Timeline items={[
          ...(t.progress ?? []).map((p) => ({ key: p.id, content: <div><strong>{p.percent}%</strong> — {p.note} <span style={{ color: '#4b5563' }}>{fmtDateTime(p.createdAt)}</span></div> })),
          ...events.map((e, i) => ({ key: `e${i}`, content: <div>{e.action} — {e.actorName} <span style={{ color: '#4b5563' }}>{fmtDateTime(e.at)}</span></div> })),
        ]} />
      </Card>
    </div>
  );
}
