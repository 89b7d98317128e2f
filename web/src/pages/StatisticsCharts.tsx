import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card } from '../ui';

interface Row { name: string; received: number; completed: number; inProgress: number; overdue: number; onTime: number | null }

/** Loaded only on the statistics page (recharts is the largest dependency). */
export default function StatisticsCharts({ rows }: { rows: Row[] }) {
  const data = rows.map((r) => ({ ...r, onTimePct: r.onTime === null ? 0 : Math.round(r.onTime * 100) }));
  return (
    <Space2>
      <Card title="Văn bản đến theo phòng" style={{ flex: 1, minWidth: 320 }}>
        <div role="img" aria-label="Biểu đồ văn bản đến đã nhận, đã xử lý, đang xử lý, quá hạn theo phòng" style={{ width: '100%', height: 300 }}>
          <ResponsiveContainer>
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="received" name="Đã nhận" fill="#1d4ed8" />
              <Bar dataKey="completed" name="Đã xử lý" fill="#15803d" />
              <Bar dataKey="inProgress" name="Đang xử lý" fill="#b45309" />
              <Bar dataKey="overdue" name="Quá hạn" fill="#b91c1c" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <Card title="Tỷ lệ đúng hạn (%)" style={{ flex: 1, minWidth: 320 }}>
        <div role="img" aria-label="Biểu đồ tỷ lệ đúng hạn theo phòng" style={{ width: '100%', height: 300 }}>
          <ResponsiveContainer>
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" tick={{ fontSize: 11 }} />
              <YAxis domain={[0, 100]} />
              <Tooltip />
              <Bar dataKey="onTimePct" name="Tỷ lệ đúng hạn" fill="#0f766e" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
    </Space2>
  );
}

const Space2 = ({ children }: { children: React.ReactNode }) => <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>{children}</div>;
