import { useQuery, useQueryClient } from '@tanstack/react-query';
import { jsonRequest } from '../../api/client';
import { useDocumentTypes } from '../../api/hooks';
import type { SigningRule } from '../../api/types';
import { ActionModal } from '../../components/ActionModal';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { AUTHORITY, ROLE } from '../../format';
import { Button, Card, Form, Select, Table } from '../../ui';
import { AdminNav } from './AdminNav';

const KIND: Record<string, string> = { office: 'Văn phòng', department: 'Phòng chuyên môn', center: 'Trung tâm' };
type RuleRow = { role?: string; departmentKind?: string | null; authority?: string; documentTypes?: string[] };

/** PUT /signing-rules replaces the whole list: each rule names a role (and, for department roles, a kind of department). */
function EditRules({ rules }: { rules: SigningRule[] }) {
  const qc = useQueryClient();
  const types = useDocumentTypes().data ?? [];
  const typeOptions = [{ value: '*', label: 'Mọi loại văn bản' }, ...types.map((t) => ({ value: t.key, label: t.name }))];
  const initial: RuleRow[] = rules.map((r) => ({ role: r.role, departmentKind: r.departmentKind ?? undefined, authority: r.authority, documentTypes: r.documentTypes }));
  return (
    <ActionModal<{ rules: RuleRow[] }> label="Sửa quy tắc ký" primary width={720} initialValues={{ rules: initial }}
      onSubmit={(v) => jsonRequest('PUT', '/signing-rules', (v.rules ?? []).map((r) => ({
        role: r.role, departmentKind: r.departmentKind || undefined, authority: r.authority, documentTypes: r.documentTypes ?? [],
      }))).then(() => qc.invalidateQueries({ queryKey: ['signing-rules'] }))}>
      {() => (
        <Form.List name="rules">
          {(rows, { add, remove }) => <>
            <p>Loại phòng chỉ dùng với Trưởng phòng, Phó trưởng phòng; bỏ trống nghĩa là mọi phòng.</p>
            {rows.map((row, i) => (
              <Card key={row.key} size="small" title={`Quy tắc ${i + 1}`} style={{ marginBottom: 12 }}
                extra={<Button size="small" onClick={() => remove(row.name)} aria-label={`Bỏ quy tắc ${i + 1}`}>Bỏ</Button>}>
                <Form.Item label={`Vai trò (quy tắc ${i + 1})`} name={[row.name, 'role']} rules={[{ required: true, message: 'Chọn vai trò' }]}>
                  <Select options={Object.entries(ROLE).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item label={`Loại phòng (quy tắc ${i + 1})`} name={[row.name, 'departmentKind']}>
                  <Select allowClear options={Object.entries(KIND).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item label={`Hình thức ký (quy tắc ${i + 1})`} name={[row.name, 'authority']} rules={[{ required: true, message: 'Chọn hình thức ký' }]}>
                  <Select options={Object.entries(AUTHORITY).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item label={`Loại văn bản (quy tắc ${i + 1})`} name={[row.name, 'documentTypes']} rules={[{ required: true, message: 'Chọn ít nhất một loại văn bản' }]}>
                  <Select mode="multiple" optionFilterProp="label" options={typeOptions} />
                </Form.Item>
              </Card>
            ))}
            <div style={{ marginBottom: 16 }}><Button onClick={() => add({ documentTypes: [] })}>Thêm quy tắc</Button></div>
          </>}
        </Form.List>
      )}
    </ActionModal>
  );
}

export default function SigningRules() {
  const q = useQuery({
    queryKey: ['signing-rules'],
    queryFn: () => jsonRequest<SigningRule[] | { items: SigningRule[] }>('GET', '/signing-rules'),
    select: (d) => (Array.isArray(d) ? d : d.items),
  });
  const types = new Map((useDocumentTypes().data ?? []).map((t) => [t.key, t.name]));
  return (
    <div className="page">
      <h1 className="page-title">Quy tắc ký</h1>
      <AdminNav />
      <p>Ai được ký loại văn bản nào, theo hình thức nào (TM., KT., TL., TUQ.). Mặc định: Chủ tịch ký TM.; Phó Chủ tịch ký KT.; Chánh Văn phòng ký TL. thông báo, giấy mời, giấy giới thiệu, công văn.</p>
      <ApiErrorAlert error={q.error} />
      {q.data && <EditRules rules={q.data} />}
      <Table rowKey="id" loading={q.isLoading} dataSource={q.data} pagination={false} scroll={{ x: 600 }} style={{ marginTop: 12 }}
        columns={[
          { title: 'Vai trò', dataIndex: 'role', render: (r: string, x) => `${ROLE[r] ?? r}${x.departmentKind ? ` (${KIND[x.departmentKind] ?? x.departmentKind})` : ''}` },
          { title: 'Hình thức ký', dataIndex: 'authority', render: (a: string) => AUTHORITY[a] ?? a },
          { title: 'Loại văn bản', dataIndex: 'documentTypes', render: (t: string[]) => (t.includes('*') ? 'Mọi loại' : t.map((k) => types.get(k) ?? k).join(', ')) },
        ]} />
    </div>
  );
}
