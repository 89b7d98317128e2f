import type { EdxmlStatusCode } from './edxml.types';

/**
 * Status codes of the status package (DOMAIN.md §2.4) and what they mean to a Vietnamese clerk.
 * ⚠️ 04/05: sources word them differently ("đã đến, đang chờ phân công" / "đã phân công"); vanthu sends 04 when the
 * leader has directed the document and 05 while the lead unit works on it.
 */
export const STATUS_DESCRIPTIONS: Record<EdxmlStatusCode, string> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận (đã vào sổ văn bản đến)',
  '04': 'Đã phân công xử lý',
  '05': 'Đang xử lý',
  '06': 'Đã xử lý xong',
  '13': 'Yêu cầu thu hồi văn bản',
  '15': 'Đồng ý thu hồi / cập nhật văn bản',
  '16': 'Từ chối thu hồi / cập nhật văn bản',
};

export const STATUS_CODES = Object.keys(STATUS_DESCRIPTIONS) as EdxmlStatusCode[];

export function isStatusCode(value: string): value is EdxmlStatusCode {
  return Object.prototype.hasOwnProperty.call(STATUS_DESCRIPTIONS, value);
}
