import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { jsonRequest } from '../../api/client';
import type { Readiness as R } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ROLE } from '../../format';
import { Alert, Card, List, Spin } from '../../ui';
import { AdminNav } from './AdminNav';

/** Kiểm tra sẵn sàng: what the admin must fix, each problem linking to the page that fixes it. */
export default function Readiness() {
  const q = useQuery({ queryKey: ['readiness'], queryFn: () => jsonRequest<R>('GET', '/organization/readiness') });
  const r = q.data;
  const section = (title: string, items: { key: string; text: string; to: string; fix: string }[]) => items.length > 0 && (
    <Card title={title} style={{ marginBottom: 12 }}>
      <List dataSource={items} renderItem={(i) => <List.Item>{i.text} — <Link to={i.to}>{i.fix}</Link></List.Item>} />
    </Card>
  );
  return (
    <div className="page">
      <h1 className="page-title">Kiểm tra sẵn sàng</h1>
      <AdminNav />
      <ApiErrorAlert error={q.error} />
      {!r ? <Spin /> : (
        <>
          {r.ok ? <Alert type="success" showIcon title="Phường đã sẵn sàng: mọi phòng có văn thư và trưởng phòng, mọi quy tắc ký đều có người ký." />
            : <Alert type="warning" showIcon title="Còn việc cần sửa để văn bản không bị kẹt." style={{ marginBottom: 12 }} />}
          {section('Phòng chưa có văn thư', r.departmentsWithoutClerk.map((d) => ({ key: d.id, text: `${d.name}: văn bản chuyển đến sẽ nằm ở trưởng phòng`, to: '/quan-tri/nguoi-dung', fix: 'Thêm văn thư cho phòng' })))}
          {section('Phòng chưa có trưởng phòng', r.departmentsWithoutHead.map((d) => ({ key: d.id, text: d.name, to: '/quan-tri/nguoi-dung', fix: 'Gán trưởng phòng' })))}
          {section('Quy tắc ký chưa ai dùng được', r.signingRulesWithoutSigner.map((s, i) => ({ key: s.id ?? String(i), text: `${ROLE[s.role] ?? s.role} ký ${s.authority}.`, to: '/quan-tri/quy-tac-ky', fix: 'Xem quy tắc ký' })))}
          {section('Việc đang bị kẹt', (r.stuckItems ?? []).map((s) => ({ key: s.id, text: `${s.title}: ${s.reason}`, to: s.kind === 'task' ? `/giao-viec/${s.id}` : s.kind === 'outgoing' ? `/van-ban-di/${s.id}` : `/van-ban-den/${s.id}`, fix: 'Mở' })))}
        </>
      )}
    </div>
  );
}
