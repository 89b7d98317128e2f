import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { jsonRequest } from '../../api/client';
import type { Page, Task } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Deadline } from '../../components/Deadline';
import { TASK_STATUS } from '../../format';
import { Button, Progress, Table, Tabs } from '../../ui';

type Scope = 'assigned_to_me' | 'assigned_by_me' | 'department';

export default function TaskList() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [scope, setScope] = useState<Scope>(auth.isLeader ? 'assigned_by_me' : 'assigned_to_me');
  const q = useQuery({ queryKey: ['tasks', scope], queryFn: () => jsonRequest<Page<Task>>('GET', `/tasks?scope=${scope}&pageSize=100`) });
  const canCreate = auth.can('create', 'Task');
  const table = (
    <Table<Task> rowKey="id" loading={q.isLoading} dataSource={q.data?.items} size="middle" pagination={false} scroll={{ x: 760 }}
      locale={{ emptyText: scope === 'assigned_by_me' ? 'Bạn chưa giao nhiệm vụ nào. Bấm "Giao việc mới" để giao.' : 'Chưa có nhiệm vụ. Nhiệm vụ lãnh đạo giao sẽ hiện ở đây.' }}
      columns={[
        { title: 'Tên nhiệm vụ', dataIndex: 'title', render: (t: string, r) => <Link to={`/giao-viec/${r.id}`}>{t}</Link> },
        { title: 'Thực hiện', render: (_, r) => r.assignee.fullName ?? r.assignee.departmentName },
        { title: 'Giao bởi', render: (_, r) => r.assignedBy.fullName },
        { title: 'Hạn', dataIndex: 'deadline', render: (d: string, r) => <Deadline date={d} done={r.status === 'done'} /> },
        { title: 'Tiến độ', dataIndex: 'progressPercent', width: 140, render: (p: number) => <Progress aria-label="Tiến độ" percent={p} size="small" /> },
        { title: 'Trạng thái', dataIndex: 'status', render: (s: string) => TASK_STATUS[s] ?? s },
      ]} />
  );
  return (
    <div className="page">
      <h1 className="page-title">Giao việc</h1>
      {canCreate && <Button type="primary" onClick={() => navigate('/giao-viec/moi')} style={{ marginBottom: 12 }}>Giao việc mới</Button>}
      <ApiErrorAlert error={q.error} />
      <Tabs activeKey={scope} onChange={(k) => setScope(k as Scope)} items={[
        { key: 'assigned_to_me', label: 'Giao cho tôi', children: table },
        { key: 'assigned_by_me', label: 'Tôi giao', children: table },
        { key: 'department', label: 'Của phòng', children: table },
      ]} />
    </div>
  );
}
