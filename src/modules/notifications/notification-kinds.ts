/**
 * Every kind of notification a person can receive, with the Vietnamese label the settings screen shows. Each kind is
 * delivered in-app always, and by e-mail unless the person turned that kind's e-mail off (notification_settings).
 */
export const NOTIFICATION_KINDS = {
  'incoming.line_assigned': 'Có văn bản đến giao cho bạn (hoặc phòng bạn) xử lý',
  'incoming.delivered': 'Có văn bản đến từ đơn vị trong hệ thống, chờ vào sổ',
  'incoming.presented': 'Có văn bản đến trình bạn cho ý kiến chỉ đạo',
  'incoming.line_returned': 'Văn bản đến bị trả lại',
  'incoming.urgent_registered': 'Văn bản hỏa tốc, thượng khẩn vừa vào sổ',
  'outgoing.review_requested': 'Có dự thảo văn bản đi trình bạn kiểm tra',
  'outgoing.signature_requested': 'Có văn bản đi trình bạn ký',
  'outgoing.returned': 'Dự thảo văn bản đi bị trả lại',
  'reminder.due_soon': 'Sắp đến hạn xử lý',
  'reminder.due_today': 'Hôm nay đến hạn xử lý',
  'reminder.overdue': 'Quá hạn xử lý (mỗi ngày làm việc)',
  'delegation.starting': 'Bắt đầu được ủy quyền',
  'task.assigned': 'Được giao nhiệm vụ',
  'task.coordinating': 'Được giao phối hợp nhiệm vụ',
  'task.extension_requested': 'Có đề nghị gia hạn nhiệm vụ',
  'task.extension_approved': 'Đề nghị gia hạn được đồng ý',
  'task.extension_rejected': 'Đề nghị gia hạn không được đồng ý',
  'task.completion_reported': 'Có báo cáo hoàn thành nhiệm vụ',
  'task.accepted': 'Nhiệm vụ được nghiệm thu',
  'task.reopened': 'Nhiệm vụ phải làm lại',
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_KEYS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];
export const isNotificationKind = (k: string): k is NotificationKind => Object.prototype.hasOwnProperty.call(NOTIFICATION_KINDS, k);

/** Document events that the state-changing code emits (through the outbox) and the event handler turns into notifications. */
export const DOCUMENT_EVENTS = [
  'incoming.line_assigned', 'incoming.delivered', 'incoming.presented', 'incoming.line_returned', 'incoming.urgent_registered',
  'outgoing.review_requested', 'outgoing.signature_requested', 'outgoing.returned',
] as const satisfies readonly NotificationKind[];
export type DocumentEvent = (typeof DOCUMENT_EVENTS)[number];

/** Where the web app shows an entity (e-mail links, relative to PUBLIC_URL). */
export function linkPathOf(entityType: string | null, entityId: string | null): string {
  if (!entityId) return '/notifications';
  switch (entityType) {
    case 'IncomingDocument': return `/incoming/${entityId}`;
    case 'OutgoingDocument': return `/outgoing/${entityId}`;
    case 'Task': return `/tasks/${entityId}`;
    case 'Delegation': return '/delegations';
    default: return '/notifications';
  }
}
