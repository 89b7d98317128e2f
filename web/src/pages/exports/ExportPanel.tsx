import { useMutation, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useId, useState } from 'react';
import { authFetch, jsonRequest } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Button, Card, DatePicker, Progress, Select, Space, Typography } from '../../ui';

type ExportKind = components['schemas']['CreateExportDto']['kind'];
type ExportFormat = components['schemas']['CreateExportDto']['format'];
type ExportStatus = components['schemas']['ExportResponseDto'];

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  incoming_register: 'Sổ đăng ký văn bản đến',
  outgoing_register: 'Sổ đăng ký văn bản đi',
  incoming_tracking: 'Sổ theo dõi giải quyết văn bản đến',
  summary: 'Thống kê theo phòng ban',
};

interface Props {
  kinds: ExportKind[];
  /** The page's own period (Thống kê); without it the panel shows its own picker. */
  period?: [Dayjs, Dayjs];
}

/** Xuất Excel / In sổ (PDF): asks for an export, follows its progress, then offers the file. */
export default function ExportPanel({ kinds, period }: Props) {
  const ids = useId();
  const [kind, setKind] = useState<ExportKind>(kinds[0]);
  const [own, setOwn] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const range = period ?? own;
  const [jobId, setJobId] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (format: ExportFormat) => jsonRequest<{ id: string }>('POST', '/exports', {
      kind, format, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'),
    }),
    onSuccess: (r) => setJobId(r.id),
  });
  return (
    <Card size="small" title="Xuất tệp" style={{ marginBottom: 16 }}>
      <Space wrap>
        <label htmlFor={`${ids}-kind`}>Loại tệp</label>
        <Select id={`${ids}-kind`} value={kind} style={{ width: 300 }} onChange={setKind}
          options={kinds.map((k) => ({ value: k, label: EXPORT_KIND_LABELS[k] }))} />
        {!period && (
          <>
            <label htmlFor={`${ids}-period`}>Kỳ</label>
            <DatePicker.RangePicker id={{ start: `${ids}-period` }} format="DD/MM/YYYY" value={own} allowClear={false}
              onChange={(v) => v?.[0] && v[1] && setOwn([v[0], v[1]])} />
          </>
        )}
        <Button type="primary" loading={create.isPending && create.variables === 'xlsx'} onClick={() => create.mutate('xlsx')}>Xuất Excel</Button>
        <Button disabled={kind === 'summary'} loading={create.isPending && create.variables === 'pdf'} onClick={() => create.mutate('pdf')}>In sổ (PDF)</Button>
      </Space>
      <div style={{ marginTop: 12 }}>
        <ApiErrorAlert error={create.error} />
        {jobId && <ExportProgress key={jobId} id={jobId} />}
      </div>
    </Card>
  );
}

function ExportProgress({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['export', id],
    queryFn: () => jsonRequest<ExportStatus>('GET', `/exports/${id}`),
    refetchInterval: (query) => (query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : 1000),
  });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const e = q.data;
  const save = async () => {
    if (!e?.fileName) return;
    setSaving(true);
    setSaveError(null);
    try {
      const blob = await (await authFetch(`/exports/${id}/file`)).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = e.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };
  if (q.error) return <ApiErrorAlert error={q.error} />;
  if (!e) return null;
  const percent = Math.floor(e.progress * 100);
  return (
    <div role="status" aria-live="polite">
      <Progress percent={percent} status={e.status === 'failed' ? 'exception' : e.status === 'done' ? 'success' : 'active'}
        aria-label="Tiến độ xuất tệp" style={{ maxWidth: 480 }} />
      {e.status === 'queued' && <Typography.Text type="secondary">Đang chờ đến lượt…</Typography.Text>}
      {e.status === 'running' && <Typography.Text type="secondary">Đang xuất: {e.rowCount.toLocaleString('vi-VN')} dòng</Typography.Text>}
      {e.status === 'failed' && <Typography.Text type="danger">{e.error ?? 'Không xuất được tệp.'}</Typography.Text>}
      {e.status === 'done' && (
        <Space wrap>
          <Button type="link" onClick={save} loading={saving}>Tải về {e.fileName}</Button>
          <Typography.Text type="secondary">{e.rowCount.toLocaleString('vi-VN')} dòng · tệp được giữ 7 ngày</Typography.Text>
        </Space>
      )}
      <ApiErrorAlert error={saveError} />
    </div>
  );
}
