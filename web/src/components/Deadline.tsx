import { daysOverdue, fmtDate } from '../format';

/** A deadline as DD/MM/YYYY; in the past it is red with "Quá hạn N ngày". */
export function Deadline({ date, done = false }: { date: string | null | undefined; done?: boolean }) {
  if (!date) return <span>Không có hạn</span>;
  const late = done ? 0 : daysOverdue(date);
  return late > 0
    ? <span className="overdue">{fmtDate(date)} · Quá hạn {late} ngày</span>
    : <span>Hạn {fmtDate(date)}</span>;
}
