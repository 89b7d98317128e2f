import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { jsonRequest } from '../api/client';
import type { Notification } from '../api/types';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { fmtDateTime } from '../format';
import { Button, Empty, List, Tag } from '../ui';

const linkOf = (n: Notification) => {
  if (!n.entityId) return null;
  if (n.entityType === 'Task') return `/giao-viec/${n.entityId}`;
  if (n.entityType === 'IncomingDocument') return `/van-ban-den/${n.entityId}`;
  if (n.entityType === 'OutgoingDocument') return `/van-ban-di/${n.entityId}`;
  return null;
};

/** Thông báo: unread first; each opens what it is about and is marked read. */
export default function Notifications() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['notifications'],
    queryFn: () => jsonRequest<{ items: Notification[] } | Notification[]>('GET', '/notifications?pageSize=100'),
    select: (d) => [...(Array.isArray(d) ? d : d.items)].sort((a, b) => Number(!!a.readAt) - Number(!!b.readAt)),
  });
  const read = async (n: Notification) => {
    if (!n.readAt) await jsonRequest('POST', `/notifications/${n.id}/read`, {}).catch(() => undefined);
    qc.invalidateQueries({ queryKey: ['notifications'] });
  };
  return (
    <div className="page">
      <h1 className="page-title">Thông báo</h1>
      <ApiErrorAlert error={q.error} />
      {q.data && !q.data.length ? <Empty description="Chưa có thông báo. Nhắc hạn, việc được giao và văn bản chuyển đến bạn sẽ hiện ở đây." /> : (
        <List loading={q.isLoading} dataSource={q.data} renderItem={(n) => {
          const to = linkOf(n);
          return (
            <List.Item actions={n.readAt ? [] : [<Button key="r" size="small" onClick={() => read(n)}>Đánh dấu đã đọc</Button>]}>
              <div>
                {!n.readAt && <Tag color="blue">Chưa đọc</Tag>}
                {to ? <Link to={to} onClick={() => read(n)} style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</Link> : <strong>{n.title}</strong>}
                <div>{n.body}</div>
                <div style={{ color: '#4b5563', fontSize: 13 }}>{fmtDateTime(n.createdAt)}</div>
              </div>
            </List.Item>
          );
        }} />
      )}
    </div>
  );
}
