import type { SummaryResponseDto } from '../../reports/dto/report.dto';
import type { CellValue, XlsxColumn } from './table-xlsx.writer';

/** The statistics per department, as /reports/summary?groupBy=department computes them, in the columns a city report uses. */
export const SUMMARY_COLUMNS: XlsxColumn[] = [
  { header: 'STT', width: 6, type: 'number' },
  { header: 'Phòng ban', width: 36, type: 'text' },
  { header: 'Văn bản đến đã nhận', width: 14, type: 'number' },
  { header: 'Đã giải quyết', width: 13, type: 'number' },
  { header: 'Đang giải quyết', width: 13, type: 'number' },
  { header: 'Quá hạn', width: 11, type: 'number' },
  { header: 'Giải quyết đúng hạn', width: 14, type: 'number' },
  { header: 'Tỷ lệ đúng hạn', width: 12, type: 'percent' },
  { header: 'Nhiệm vụ đã giao', width: 13, type: 'number' },
  { header: 'Nhiệm vụ hoàn thành', width: 14, type: 'number' },
  { header: 'Nhiệm vụ quá hạn', width: 13, type: 'number' },
];

const ddmmyyyy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export function summaryTitle(s: SummaryResponseDto, agency: string): string[] {
  return [`THỐNG KÊ TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN THEO PHÒNG BAN`, `${agency} — từ ${ddmmyyyy(s.from)} đến ${ddmmyyyy(s.to)}`];
}

/** One row per department, then the ward's own totals (documents, not lines: see OVERLAPS in the reports module). */
export function summaryRows(s: SummaryResponseDto): CellValue[][] {
  const rows: CellValue[][] = (s.byDepartment ?? []).map((d, i) => [
    i + 1, d.departmentName, d.incoming.received, d.incoming.completed, d.incoming.inProgress, d.incoming.overdue,
    d.incoming.completedOnTime, d.incoming.onTimeRate, d.tasks.assigned, d.tasks.done, d.tasks.overdue,
  ]);
  if (!s.departmentId) {
    rows.push([null, 'Toàn đơn vị', s.incoming.received, s.incoming.completed, s.incoming.inProgress, s.incoming.overdue,
      s.incoming.completedOnTime, s.incoming.onTimeRate, s.tasks.assigned, s.tasks.done, s.tasks.overdue]);
  }
  return rows;
}
