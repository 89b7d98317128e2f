import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { jsonRequest } from '../api/client';
import type { Summary } from '../api/types';
import { useAuth } from '../auth/auth';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { Card, DatePicker, Result, Space, Spin, Statistic, Table } from '../ui';

const Charts = lazy(() => import('./StatisticsCharts'));
const ExportPanel = lazy(() => import('./exports/ExportPanel'));
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

/**
 * Thống kê for whoever may read reports (the menu shows it to the same people); anyone else who opens the address
 * directly is told so, and nothing is asked of the service.
 */
export default function Statistics() {
  const auth = useAuth();
  if (!auth.can('read', 'Report')) {
    return (
      <div className="page">
        <Result status="403" title="Bạn không có quyền xem thống kê."
          subTitle="Thống kê dành cho lãnh đạo phường, trưởng và phó trưởng phòng, quản trị viên."
          extra={<Link to="/">Về Việc cần làm</Link>} />
      </div>
    );
  }
  return <StatisticsView />;
}

/** Per department, for a period — received, done, in progress, overdue, on-time rate — and charts. */
function StatisticsView() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const q = useQuery({ queryKey: ['summary', from, to], queryFn: () => jsonRequest<Summary>('GET', `/reports/summary?from=${from}&to=${to}&groupBy=department`) });
  const s = q.data;
  const rows = (s?.byDepartment ?? []).map((d) => ({
    key: d.departmentId, name: d.departmentName, received: d.incoming.received, completed: d.incoming.completed,
    inProgress: d.incoming.inProgress, overdue: d.incoming.overdue + d.tasks.overdue, onTime: d.incoming.onTimeRate,
    tasks: d.tasks.assigned, tasksDone: d.tasks.done,
  }));
  return (
    <div className="page">
      <h1 className="page-title">Thống kê</h1>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="ky-thong-ke">Kỳ thống kê</label>
        <DatePicker.RangePicker id={{ start: 'ky-thong-ke' }} format="DD/MM/YYYY" value={range} allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
      </Space>
      <Suspense fallback={null}>
        <ExportPanel kinds={['summary', 'incoming_register', 'incoming_tracking', 'outgoing_register']} period={range} />
      </Suspense>
      <ApiErrorAlert error={q.error} />
      {!s ? <Spin /> : (
        <>
          <Space wrap size="large" style={{ marginBottom: 16 }}>
            <Card size="small"><Statistic title="Đã nhận" value={s.incoming.received} /></Card>
            <Card size="small"><Statistic title="Đã xử lý" value={s.incoming.completed} /></Card>
            <Card size="small"><Statistic title="Đang xử lý" value={s.incoming.inProgress} /></Card>
            <Card size="small"><Statistic title="Quá hạn" value={s.incoming.overdue + s.tasks.overdue} /></Card>
            <Card size="small"><Statistic title="Tỷ lệ đúng hạn" value={pct(s.incoming.onTimeRate)} /></Card>
            <Card size="small"><Statistic title="Văn bản đi đã ban hành" value={s.outgoing.issued} /></Card>
            <Card size="small"><Statistic title="Nhiệm vụ đã giao" value={s.tasks.assigned} /></Card>
            <Card size="small"><Statistic title="Nhiệm vụ hoàn thành" value={s.tasks.done} /></Card>
          </Space>
          <Card title="Theo phòng ban" style={{ marginBottom: 16 }}>
            <Table size="small" pagination={false} dataSource={rows} scroll={{ x: 760 }} locale={{ emptyText: 'Chưa có số liệu trong kỳ này.' }}
              columns={[
                { title: 'Phòng ban', dataIndex: 'name' },
                { title: 'Đã nhận', dataIndex: 'received' },
                { title: 'Đã xử lý', dataIndex: 'completed' },
                { title: 'Đang xử lý', dataIndex: 'inProgress' },
                { title: 'Quá hạn', dataIndex: 'overdue' },
                { title: 'Tỷ lệ đúng hạn', dataIndex: 'onTime', render: pct },
                { title: 'Nhiệm vụ', dataIndex: 'tasks' },
              ]} />
          </Card>
          <Suspense fallback={<Spin />}><Charts rows={rows} /></Suspense>
        </>
      )}
    </div>
  );
}
