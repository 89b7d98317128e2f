import { useQuery } from '@tanstack/react-query';
import { jsonRequest } from '../../api/client';
import type { SigningRule } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { AUTHORITY, ROLE } from '../../format';
import { Table } from '../../ui';
import { AdminNav } from './AdminNav';

const KIND: Record<string, string> = { office: 'Văn phòng', department: 'Phòng chuyên môn', center: 'Trung tâm' };

export default function SigningRules() {
  const q = useQuery({
    queryKey: ['signing-rules'],
    queryFn: () => jsonRequest<SigningRule[] | { items: SigningRule[] }>('GET', '/signing-rules'),
    select: (d) => (Array.isArray(d) ? d : d.items),
  });
  return (
    <div className="page">
      <h1 className="page-title">Quy tắc ký</h1>
      <AdminNav />
      <p>Ai được ký loại văn bản nào, theo hình thức nào (TM., KT., TL., TUQ.). Mặc định: Chủ tịch ký TM.; Phó Chủ tịch ký KT.; Chánh Văn phòng ký TL. thông báo, giấy mời, giấy giới thiệu, công văn.</p>
      <ApiErrorAlert error={q.error} />
      <Table rowKey="id" loading={q.isLoading} dataSource={q.data} pagination={false} scroll={{ x: 600 }}
        columns={[
          { title: 'Vai trò', dataIndex: 'role', render: (r: string, x) => `${ROLE[r] ?? r}${x.departmentKind ? ` (${KIND[x.departmentKind] ?? x.departmentKind})` : ''}` },
          { title: 'Hình thức ký', dataIndex: 'authority', render: (a: string) => AUTHORITY[a] ?? a },
          { title: 'Loại văn bản', dataIndex: 'documentTypes', render: (t: string[]) => (t.includes('*') ? 'Mọi loại' : t.join(', ')) },
        ]} />
    </div>
  );
}
