import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { useDocumentTypes } from '../../api/hooks';
import type { OutgoingDocument, Page } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Shortcuts, useShortcuts } from '../../components/useShortcuts';
import { fmtDate, OUTGOING_STATUS } from '../../format';
import { Button, Select, Space, Table } from '../../ui';

const ExportPanel = lazy(() => import('../exports/ExportPanel'));

export default function OutgoingList() {
  const auth = useAuth();
  const navigate = useNavigate();
  const types = useDocumentTypes().data ?? [];
  const [f, setF] = useState<{ status?: string; page: number }>({ page: 1 });
  const q = useQuery({
    queryKey: ['outgoing', f], placeholderData: keepPreviousData,
    queryFn: async () => (await call(api.GET('/api/v1/outgoing-documents', { params: { query: { ...f, pageSize: 20 } as never } }))) as unknown as Page<OutgoingDocument>,
  });
  const canDraft = auth.can('create', 'OutgoingDocument');
  const canExport = auth.can('create', 'Export');
  const [exporting, setExporting] = useState(false);
  useShortcuts({ d: () => canDraft && navigate('/van-ban-di/soan') });
  const typeName = (k: string) => types.find((t) => t.key === k)?.name ?? k;
  return (
    <div className="page">
      <h1 className="page-title">Văn bản đi</h1>
      <Space wrap style={{ marginBottom: 12 }}>
        {canDraft && <Button type="primary" onClick={() => navigate('/van-ban-di/soan')}>Soạn văn bản</Button>}
        {canExport && <Button aria-expanded={exporting} onClick={() => setExporting(!exporting)}>In sổ, xuất Excel</Button>}
        <Select aria-label="Trạng thái" placeholder="Trạng thái" allowClear style={{ width: 180 }} value={f.status}
          onChange={(v) => setF({ status: v, page: 1 })} options={Object.entries(OUTGOING_STATUS).map(([value, label]) => ({ value, label }))} />
      </Space>
      {canDraft && <Shortcuts items={[['Alt+D', 'Soạn văn bản']]} />}
      {exporting && <Suspense fallback={null}><ExportPanel kinds={['outgoing_register']} /></Suspense>}
      <ApiErrorAlert error={q.error} />
      <Table<OutgoingDocument> rowKey="id" loading={q.isLoading} dataSource={q.data?.items} size="middle" scroll={{ x: 800 }}
        locale={{ emptyText: canDraft ? 'Chưa có văn bản đi. Bấm "Soạn văn bản" để tạo dự thảo.' : 'Chưa có văn bản đi nào bạn được xem.' }}
        pagination={{ current: f.page, pageSize: 20, total: q.data?.total, onChange: (page) => setF({ ...f, page }), showSizeChanger: false }}
        columns={[
          { title: 'Số, ký hiệu', dataIndex: 'symbol', width: 150, render: (s: string | null) => s ?? 'Chưa cấp số' },
          { title: 'Ngày ban hành', dataIndex: 'issuedDate', width: 130, render: fmtDate },
          { title: 'Loại', dataIndex: 'documentType', width: 140, render: typeName },
          { title: 'Trích yếu', dataIndex: 'summary', render: (s: string, d) => <Link to={`/van-ban-di/${d.id}`}>{s}</Link> },
          { title: 'Trạng thái', dataIndex: 'status', width: 130, render: (s: string) => OUTGOING_STATUS[s] ?? s },
        ]} />
    </div>
  );
}
