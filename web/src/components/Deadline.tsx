import { daysOverdue, fmtDate } from '../format';

/**
 * A deadline as DD/MM/YYYY; in the past it is red with "Quá hạn N ngày" unless `done` — the work no longer runs.
 * Where the service sends an `overdue` flag (incoming documents and lines: finished, returned and recalled ones are
 * never overdue), pass `done={!overdue}` rather than repeating its rule here.
 */
export function Deadline({ date, done = false }: { date: string | null | undefined; done?: boolean }) {
  if (!date) return <span>Không có hạn</span>;
  const late = done ? 0 : daysOverdue(date);
  return late > 0
    ? <span className="overdue">{fmtDate(date)} · Quá hạn {late} ngày</span>
    : <span>Hạn {fmtDate(date)}</span>;
}
