import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import type { IncomingDocument, Page } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Deadline } from '../../components/Deadline';
import { Shortcuts, useShortcuts } from '../../components/useShortcuts';
import { fmtDate, INCOMING_STATUS, URGENCY } from '../../format';
import { Button, Checkbox, DatePicker, Input, Select, Space, Table, Tag } from '../../ui';

const ExportPanel = lazy(() => import('../exports/ExportPanel'));

interface Filters { q?: string; status?: string; urgency?: string; overdue?: boolean; from?: string; to?: string; page: number }

export default function IncomingList() {
  const auth = useAuth();
  const navigate = useNavigate();
  const search = useRef<HTMLInputElement>(null);
  const [f, setF] = useState<Filters>({ page: 1 });
  const q = useQuery({
    queryKey: ['incoming', f],
    placeholderData: keepPreviousData,
    queryFn: async () => (await call(api.GET('/api/v1/incoming-documents', {
      params: { query: { ...f, overdue: f.overdue ? true : undefined, pageSize: 20 } as never },
    }))) as unknown as Page<IncomingDocument>,
  });
  const canRegister = auth.can('create', 'IncomingDocument');
  const canExport = auth.can('create', 'Export');
  const [exporting, setExporting] = useState(false);
  useShortcuts({ v: () => canRegister && navigate('/van-ban-den/vao-so'), t: () => search.current?.focus() });
  const range = (v: [Dayjs | null, Dayjs | null] | null) => setF({ ...f, page: 1, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') });
  return (
    <div className="page">
      <h1 className="page-title">Văn bản đến</h1>
      <Space wrap style={{ marginBottom: 12 }}>
        {canRegister && <Button type="primary" onClick={() => navigate('/van-ban-den/vao-so')}>Vào sổ văn bản đến</Button>}
        {canExport && <Button aria-expanded={exporting} onClick={() => setExporting(!exporting)}>In sổ, xuất Excel</Button>}
        <Input.Search ref={search as never} aria-label="Tìm văn bản đến" placeholder="Tìm trích yếu, số ký hiệu, cơ quan (không cần dấu)" allowClear
          onSearch={(v) => setF({ ...f, q: v || undefined, page: 1 })} style={{ width: 360 }} />
        <Select aria-label="Trạng thái" placeholder="Trạng thái" allowClear style={{ width: 170 }} value={f.status}
          onChange={(v) => setF({ ...f, status: v, page: 1 })} options={Object.entries(INCOMING_STATUS).map(([value, label]) => ({ value, label }))} />
        <Select aria-label="Độ khẩn" placeholder="Độ khẩn" allowClear style={{ width: 140 }} value={f.urgency}
          onChange={(v) => setF({ ...f, urgency: v, page: 1 })} options={Object.entries(URGENCY).map(([value, label]) => ({ value, label }))} />
        <DatePicker.RangePicker format="DD/MM/YYYY" aria-label="Ngày đến" placeholder={['Từ ngày', 'Đến ngày']} onChange={range as never} />
        <Checkbox checked={!!f.overdue} onChange={(e) => setF({ ...f, overdue: e.target.checked, page: 1 })}>Chỉ quá hạn</Checkbox>
      </Space>
      {canRegister && <Shortcuts items={[['Alt+V', 'Vào sổ văn bản đến'], ['Alt+T', 'Tìm kiếm']]} />}
      {exporting && <Suspense fallback={null}><ExportPanel kinds={['incoming_register', 'incoming_tracking']} /></Suspense>}
      <ApiErrorAlert error={q.error} />
      <Table<IncomingDocument>
        rowKey="id" loading={q.isLoading} dataSource={q.data?.items} size="middle" scroll={{ x: 900 }}
        locale={{ emptyText: canRegister ? 'Chưa có văn bản đến. Bấm "Vào sổ văn bản đến" để vào sổ văn bản đầu tiên.' : 'Chưa có văn bản đến nào bạn được xem.' }}
        pagination={{ current: f.page, pageSize: 20, total: q.data?.total, onChange: (page) => setF({ ...f, page }), showSizeChanger: false }}
        columns={[
          { title: 'Số đến', dataIndex: 'arrivalNumber', width: 120, render: (n: number | null, d) => <>{n ?? '—'}{d.legacy && <Tag title={d.legacyLabel ?? undefined} style={{ marginLeft: 4 }}>Sổ cũ</Tag>}</> },
          { title: 'Ngày đến', dataIndex: 'arrivalDate', width: 110, render: fmtDate },
          { title: 'Số, ký hiệu', dataIndex: 'symbol', width: 140 },
          { title: 'Cơ quan ban hành', dataIndex: 'issuerName', width: 180 },
          { title: 'Trích yếu', dataIndex: 'summary', render: (s: string, d) => <Link to={`/van-ban-den/${d.id}`}>{s}</Link> },
          { title: 'Trạng thái', dataIndex: 'status', width: 130, render: (s: string, d) => <>{INCOMING_STATUS[s] ?? s}{d.urgency !== 'normal' && <Tag color="red" style={{ marginLeft: 4 }}>{URGENCY[d.urgency]}</Tag>}</> },
          { title: 'Hạn', dataIndex: 'dueDate', width: 170, render: (d: string | null, r) => <Deadline date={d} done={!r.overdue} /> },
        ]}
      />
    </div>
  );
}
