import { Inject, Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../common/time/clock';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { emailContent, EmailSource } from './email-content';
import { MAIL_TRANSPORT, MailTransport } from './mail.transport';

interface EmailRow extends EmailSource {
  user_id: string;
  username: string;
  email: string | null;
  disabled: boolean;
  emailed_at: Date | null;
  opted_out: boolean;
}

/**
 * Job `notification.email`: the e-mail copy of one notification, sent once. The row is locked while sending and
 * `emailed_at` is set in the same transaction, so a second run of the job (retry, duplicate, another worker) finds it
 * sent and does nothing. The person's settings and address are read again here: turning a kind off stops the e-mails
 * already queued for it.
 */
@Injectable()
export class NotificationEmailService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Transactional()
  async send(orgId: string, notificationId: string): Promise<'sent' | 'skipped'> {
    if (!orgId) throw new Error('sendEmail: organization id is required');
    const [n] = (await this.txHost.tx.query(
      `SELECT n.id, n.kind, n.title, n.body, n.entity_type, n.entity_id, n.user_id, n.emailed_at,
              u.full_name, u.username, u.email, u.disabled, coalesce(n.kind = ANY(s.email_off), false) AS opted_out
         FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN notification_settings s ON s.user_id = n.user_id
        WHERE n.organization_id = $1 AND n.id = $2 FOR UPDATE OF n`,
      [orgId, notificationId],
    )) as EmailRow[];
    if (!n || n.emailed_at || n.disabled || n.opted_out) return 'skipped';
    if (this.mail.delivers && !n.email) return 'skipped';
    const content = emailContent(n, this.config.publicUrl);
    await this.mail.send({
      to: { userId: n.user_id, fullName: n.full_name, username: n.username, email: n.email }, ...content,
      messageId: `<notification-${n.id}@vanthu>`, headers: { 'X-Vanthu-Notification': n.id, 'X-Vanthu-Kind': n.kind },
    });
    await this.txHost.tx.query(`UPDATE notifications SET emailed_at = $3 WHERE organization_id = $1 AND id = $2`, [orgId, notificationId, this.clock.now()]);
    return 'sent';
  }
}
