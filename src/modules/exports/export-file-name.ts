import type { ExportFormat, ExportKind } from './export.types';

export const KIND_TITLES: Record<ExportKind, string> = {
  incoming_register: 'Sổ đăng ký văn bản đến',
  outgoing_register: 'Sổ đăng ký văn bản đi',
  incoming_tracking: 'Sổ theo dõi giải quyết văn bản đến',
  summary: 'Thống kê theo phòng ban',
};

/** Sheet names: Excel allows at most 31 characters. */
export const SHEET_NAMES: Record<ExportKind, string> = {
  incoming_register: 'Sổ đăng ký văn bản đến',
  outgoing_register: 'Sổ đăng ký văn bản đi',
  incoming_tracking: 'Sổ theo dõi giải quyết VB đến',
  summary: 'Thống kê theo phòng ban',
};

const dmy = (day: string) => `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;

/** "Sổ đăng ký văn bản đến 01-07-2025 đến 31-07-2025.xlsx" — the name the browser saves (Content-Disposition filename*). */
export function exportFileName(kind: ExportKind, format: ExportFormat, from: string, to: string): string {
  const period = from === to ? dmy(from) : `${dmy(from)} đến ${dmy(to)}`;
  return `${KIND_TITLES[kind]} ${period}.${format}`;
}
