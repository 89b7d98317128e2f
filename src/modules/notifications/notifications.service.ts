import { Inject, Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { notFound } from '../../common/errors/domain-error';
import { offsetOf } from '../../common/pagination/pagination';
import { OutboxService } from '../../common/queue/outbox.service';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { ListNotificationsQueryDto, NotificationPageDto, NotificationResponseDto } from './dto/notification.dto';
import { MAIL_TRANSPORT, MailTransport } from './mail/mail.transport';

export interface NotificationInput {
  userId: string;
  /** e.g. 'task.assigned', 'reminder.overdue'. */
  kind: string;
  /** Names the document or task (API.md). */
  title: string;
  body: string;
  entityType?: string | null;
  entityId?: string | null;
}

interface NotificationRow {
  id: string;
  organization_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  entity_type: string | null;
  entity_id: string | null;
  created_at: Date;
  read_at: Date | null;
  emailed_at: Date | null;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates an in-app notification inside the caller's transaction (any module may call it) and, through the outbox,
   * its e-mail copy. With a dedupeKey a second call for the same key does nothing and returns null (job retries).
   */
  async notify(orgId: string, n: NotificationInput, dedupeKey?: string): Promise<string | null> {
    if (!orgId) throw new Error('notify: organization id is required');
    const [row] = (await this.txHost.tx.query(
      `INSERT INTO notifications (organization_id, user_id, kind, title, body, entity_type, entity_id, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (organization_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
      [orgId, n.userId, n.kind, n.title.slice(0, 500), n.body, n.entityType ?? null, n.entityId ?? null, dedupeKey ?? null, this.clock.now()],
    )) as { id: string }[];
    if (!row) return null;
    if (await this.wantsEmail(n.userId, n.kind)) await this.outbox.add(orgId, 'notification.email', { notificationId: row.id });
    return row.id;
  }

  /** Without SMTP the copy only goes to the log (as before); with SMTP, only to people with an address who kept this kind on. */
  private async wantsEmail(userId: string, kind: string): Promise<boolean> {
    if (!this.mail.delivers) return true;
    const [u] = (await this.txHost.tx.query(
      `SELECT u.email IS NOT NULL AND NOT u.disabled AND NOT coalesce($2 = ANY(s.email_off), false) AS wants
         FROM users u LEFT JOIN notification_settings s ON s.user_id = u.id WHERE u.id = $1`,
      [userId, kind],
    )) as { wants: boolean }[];
    return !!u?.wants;
  }

  async list(actor: Actor, q: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const orgId = actor.orgId as string;
    const where = `organization_id = $1 AND user_id = $2${q.unreadOnly ? ' AND read_at IS NULL' : ''}`;
    const rows = (await this.txHost.tx.query(
      `SELECT * FROM notifications WHERE ${where} ORDER BY (read_at IS NOT NULL), created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [orgId, actor.userId, q.pageSize, offsetOf(q)],
    )) as NotificationRow[];
    const [counts] = (await this.txHost.tx.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notifications WHERE organization_id = $1 AND user_id = $2`,
      [orgId, actor.userId],
    )) as { total: number; unread: number }[];
    return { items: rows.map(toResponse), total: q.unreadOnly ? counts.unread : counts.total, unread: counts.unread, page: q.page, pageSize: q.pageSize };
  }

  @Transactional()
  async markRead(actor: Actor, id: string): Promise<NotificationResponseDto> {
    const orgId = actor.orgId as string;
    const [row] = (await this.txHost.tx.query(`SELECT * FROM notifications WHERE organization_id = $1 AND id = $2`, [orgId, id])) as NotificationRow[];
    if (!row) throw notFound('Thông báo');
    this.authz.assert(actor, 'update', 'Notification', { organizationId: row.organization_id, userId: row.user_id }, 'Thông báo');
    // Marking twice keeps the first reading time.
    const [[updated]] = (await this.txHost.tx.query(
      `UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE organization_id = $1 AND id = $2 RETURNING *`,
      [orgId, id, this.clock.now()],
    )) as [NotificationRow[], number];
    if (!row.read_at) await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'notification.read', entityType: 'Notification', entityId: id });
    return toResponse(updated);
  }
}

function toResponse(r: NotificationRow): NotificationResponseDto {
  return {
    id: r.id, kind: r.kind, title: r.title, body: r.body, entityType: r.entity_type, entityId: r.entity_id,
    createdAt: new Date(r.created_at).toISOString(), readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}
