import { Inject, Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../../common/auth/actor';
import { validationFailed } from '../../../common/errors/domain-error';
import { Clock } from '../../../common/time/clock';
import { AuditService } from '../../audit/audit.service';
import { MAIL_TRANSPORT, MailTransport } from '../mail/mail.transport';
import { isNotificationKind, NOTIFICATION_KIND_KEYS, NOTIFICATION_KINDS } from '../notification-kinds';
import type { NotificationSettingsResponseDto, UpdateNotificationSettingsDto } from './notification-settings.dto';

/** Each person's e-mail choice per notification kind (in-app notifications cannot be turned off). Default: on. */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
  ) {}

  async get(actor: Actor): Promise<NotificationSettingsResponseDto> {
    const [row] = (await this.txHost.tx.query(
      `SELECT u.email, coalesce(s.email_off, '{}') AS email_off FROM users u LEFT JOIN notification_settings s ON s.user_id = u.id WHERE u.id = $1`,
      [actor.userId],
    )) as { email: string | null; email_off: string[] }[];
    const off = new Set(row?.email_off ?? []);
    return {
      email: Object.fromEntries(NOTIFICATION_KIND_KEYS.map((k) => [k, !off.has(k)])),
      kinds: NOTIFICATION_KIND_KEYS.map((kind) => ({ kind, label: NOTIFICATION_KINDS[kind] })),
      emailAddress: row?.email ?? null,
      emailDelivery: this.mail.delivers,
    };
  }

  @Transactional()
  async update(actor: Actor, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsResponseDto> {
    const entries = Object.entries(dto.email ?? {});
    for (const [kind, on] of entries) {
      if (!isNotificationKind(kind)) throw validationFailed(`email.${kind}`, `Không có loại thông báo "${kind}".`);
      if (typeof on !== 'boolean') throw validationFailed(`email.${kind}`, 'Giá trị phải là true (gửi thư) hoặc false (không gửi).');
    }
    const turnOff = entries.filter(([, on]) => !on).map(([k]) => k);
    const turnOn = entries.filter(([, on]) => on).map(([k]) => k);
    await this.txHost.tx.query(
      `INSERT INTO notification_settings (user_id, organization_id, email_off, updated_at) VALUES ($1, $2, $3::text[], $5)
       ON CONFLICT (user_id) DO UPDATE SET updated_at = $5, email_off = ARRAY(
         SELECT DISTINCT k FROM unnest(notification_settings.email_off || $3::text[]) k WHERE NOT k = ANY($4::text[]) ORDER BY k)`,
      [actor.userId, actor.orgId, turnOff, turnOn, this.clock.now()],
    );
    await this.audit.append({ organizationId: actor.orgId, actorUserId: actor.userId, action: 'notification_settings.updated',
      entityType: 'User', entityId: actor.userId, data: { email: dto.email } });
    return this.get(actor);
  }
}
