import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { SessionListResponseDto } from './dto/account.dto';

interface SessionRow {
  id: string;
  created_at: Date;
  last_used_at: Date;
  ip: string | null;
  user_agent: string | null;
}

/**
 * The caller's sign-in sessions (one per login: a refresh-token family). Revoking one revokes its refresh tokens in
 * PostgreSQL; its access tokens stop at the next request on any replica, because the guard checks the family there.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<SessionListResponseDto> {
    const rows = (await this.txHost.tx.query(
      `SELECT s.id, s.created_at, s.last_used_at, s.ip, s.user_agent FROM auth_sessions s
        WHERE s.user_id = $1 AND s.revoked_at IS NULL
          AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id AND t.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > $2)
        ORDER BY s.last_used_at DESC, s.created_at DESC`,
      [actor.userId, this.clock.now()],
    )) as SessionRow[];
    return {
      items: rows.map((r) => ({
        id: r.id, createdAt: new Date(r.created_at).toISOString(), lastUsedAt: new Date(r.last_used_at).toISOString(), ip: r.ip,
        userAgent: r.user_agent, current: r.id === actor.sessionId,
      })),
    };
  }

  /** Another user's session id is 404, like an unknown one. */
  @Transactional()
  async revoke(actor: Actor, id: string): Promise<void> {
    const now = this.clock.now();
    const [rows] = (await this.txHost.tx.query(
      `UPDATE auth_sessions SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, actor.userId, now],
    )) as [{ id: string }[], number];
    if (!rows.length) throw notFound('Phiên đăng nhập');
    await this.txHost.tx.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [id, now]);
    await this.audit.append({
      organizationId: actor.orgId, actorUserId: actor.userId, action: 'auth.session_revoked', entityType: 'User', entityId: actor.userId,
      data: { sessionId: id, current: id === actor.sessionId },
    });
  }
}
