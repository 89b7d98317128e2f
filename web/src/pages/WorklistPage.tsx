import { useState } from 'react';
import { Link } from 'react-router';
import { useWorklist } from '../api/hooks';
import type { WorkItem } from '../api/types';
import { useAuth } from '../auth/auth';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { Deadline } from '../components/Deadline';
import { LINE_ROLE, URGENCY } from '../format';
import { Empty, List, Radio, Tabs, Tag } from '../ui';

const EMPTY: Record<WorkItem['kind'], string> = {
  incoming: 'Không có văn bản đến nào chờ bạn. Văn bản được trình, chỉ đạo hoặc giao cho bạn sẽ hiện ở đây.',
  outgoing: 'Không có văn bản đi nào chờ bạn. Dự thảo cần duyệt, cần ký hoặc cần ban hành sẽ hiện ở đây.',
  task: 'Không có nhiệm vụ nào chờ bạn. Nhiệm vụ được giao cho bạn hoặc chờ bạn nghiệm thu sẽ hiện ở đây.',
};

export function linkOf(i: WorkItem): string {
  if (i.kind === 'incoming') return `/van-ban-den/${i.id}${i.lineId ? `?dong=${i.lineId}` : ''}`;
  if (i.kind === 'outgoing') return `/van-ban-di/${i.id}`;
  return `/giao-viec/${i.id}`;
}

function Row({ item }: { item: WorkItem }) {
  return (
    <List.Item>
      <div style={{ width: '100%' }}>
        <div className="work-row">
          <Link to={linkOf(item)} style={{ fontWeight: 600 }}>{item.actionLabel}</Link>
          {item.role && <Tag>{LINE_ROLE[item.role]}</Tag>}
          {item.urgency !== 'normal' && <Tag color="red">{URGENCY[item.urgency] ?? item.urgency}</Tag>}
          <span>{item.title}</span>
        </div>
        <div className="work-row" style={{ color: '#4b5563', fontSize: 14 }}>
          {item.reference && <span>{item.reference}</span>}
          {item.from && <span>Từ: {item.from}</span>}
          <Deadline date={item.deadline} />
        </div>
      </div>
    </List.Item>
  );
}

/** Home: "what do I do now?" — per kind, overdue first, each row saying the action. */
export default function WorklistPage() {
  const auth = useAuth();
  const [scope, setScope] = useState<'mine' | 'department'>('mine');
  const [picked, setPicked] = useState<string | null>(null);
  const q = useWorklist(scope);
  const items = [...(q.data?.items ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  const counts = q.data?.counts;
  const tab = (kind: WorkItem['kind'], label: string) => {
    const mine = items.filter((i) => i.kind === kind);
    return {
      key: kind,
      label: `${label} (${counts?.[kind] ?? mine.length})`,
      children: mine.length
        ? <List dataSource={mine} renderItem={(i) => <Row item={i} />} rowKey={(i) => `${i.kind}:${i.id}:${i.lineId ?? ''}`} />
        : <Empty description={EMPTY[kind]} />,
    };
  };
  return (
    <div className="page">
      <h1 className="page-title">Việc cần làm</h1>
      {auth.hasRole('head', 'deputy_head') && (
        <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)} style={{ marginBottom: 12 }} aria-label="Phạm vi">
          <Radio.Button value="mine">Của tôi</Radio.Button>
          <Radio.Button value="department">Của phòng</Radio.Button>
        </Radio.Group>
      )}
      {counts && counts.overdue > 0 && <p className="overdue">{counts.overdue} việc quá hạn</p>}
      <ApiErrorAlert error={q.error} />
      <Tabs activeKey={picked ?? (['incoming', 'outgoing', 'task'] as const).find((k) => items.some((i) => i.kind === k)) ?? 'incoming'}
        onChange={setPicked} items={[tab('incoming', 'Văn bản đến'), tab('outgoing', 'Văn bản đi'), tab('task', 'Giao việc')]} />
    </div>
  );
}
