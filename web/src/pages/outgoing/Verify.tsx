import { useQuery } from '@tanstack/react-query';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { fmtDateTime } from '../../format';
import { List, Tag } from '../../ui';
import { outgoingApi } from './outgoing-api';

/** The issued file's signatures, as the service checks them. */
export function Verify({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['outgoing', id, 'verify'], queryFn: () => outgoingApi.verify(id) });
  if (q.error) return <ApiErrorAlert error={q.error} />;
  if (!q.data) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <h2 style={{ fontSize: 17 }}>Kiểm tra chữ ký số: {q.data.valid ? <Tag color="green">Hợp lệ</Tag> : <Tag color="red">Không hợp lệ</Tag>}</h2>
      <List size="small" dataSource={q.data.signatures} renderItem={(s) => (
        <List.Item>
          {s.role === 'agency' ? 'Chữ ký cơ quan' : 'Chữ ký người ký'}: {s.signerName} — {fmtDateTime(s.signedAt as unknown as string | null)} — {s.intact ? 'nguyên vẹn' : 'đã bị sửa'}
        </List.Item>
      )} />
    </div>
  );
}
