import { linkPathOf, NOTIFICATION_KINDS, isNotificationKind } from '../notification-kinds';

export interface EmailSource {
  id: string;
  kind: string;
  title: string;
  body: string;
  entity_type: string | null;
  entity_id: string | null;
  full_name: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The e-mail copy of a notification, in Vietnamese: the subject names the document or task (the notification's title),
 * the body says what happened and what to do, with a link to open it (absolute when PUBLIC_URL is set).
 */
export function emailContent(n: EmailSource, publicUrl: string | null): EmailContent {
  const link = `${publicUrl ?? ''}${linkPathOf(n.entity_type, n.entity_id)}`;
  const why = isNotificationKind(n.kind) ? NOTIFICATION_KINDS[n.kind] : 'Thông báo';
  const subject = `[Văn thư] ${n.title}`.replace(/[\r\n]+/g, ' ').slice(0, 250);
  const text = [
    `Kính gửi ${n.full_name},`, '', n.body, '', `Mở để xử lý: ${link}`, '',
    `Bạn nhận thư này vì: ${why}. Có thể tắt thư điện tử cho loại thông báo này trong phần Cài đặt thông báo.`,
  ].join('\n');
  const html = `<!doctype html><html lang="vi"><body style="font-family: Arial, sans-serif; font-size: 14px">`
    + `<p>Kính gửi ${escapeHtml(n.full_name)},</p><p>${escapeHtml(n.body)}</p>`
    + `<p><a href="${escapeHtml(link)}">Mở để xử lý</a></p>`
    + `<p style="color:#666;font-size:12px">Bạn nhận thư này vì: ${escapeHtml(why)}. Có thể tắt thư điện tử cho loại thông báo này trong phần Cài đặt thông báo.</p>`
    + `</body></html>`;
  return { subject, text, html };
}
