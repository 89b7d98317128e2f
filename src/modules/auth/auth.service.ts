import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { AuditAction } from '../audit/audit-actions';
import { UsersService } from '../users/users.service';
import { MeResponseDto, TokenPairResponseDto } from './dto/auth.dto';
import { RefreshTokensService } from './refresh-tokens.service';
import { SessionIssuer, toMe } from './session-issuer.service';

/** Refresh, logout and the caller's profile (sign-in itself is LoginService). */
@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly sessions: SessionIssuer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async refresh(refreshToken: string): Promise<TokenPairResponseDto> {
    const result = await this.refreshTokens.rotate(refreshToken);
    if (result.kind === 'invalid') throw new DomainError('UNAUTHENTICATED', 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.');
    if (result.kind === 'reused') {
      const user = await this.users.findById(result.userId);
      await this.record(user?.organizationId ?? null, result.userId, 'auth.refresh_token_reused', { sessionId: result.familyId });
      throw new DomainError('TOKEN_REUSED', 'Phiên đăng nhập đã bị sử dụng ở nơi khác nên đã bị thu hồi để bảo vệ tài khoản. Vui lòng đăng nhập lại.');
    }
    await this.record((await this.users.findById(result.userId))?.organizationId ?? null, result.userId, 'auth.refreshed', { sessionId: result.familyId });
    return this.sessions.pair(result.userId, result.familyId, result.token);
  }

  async logout(actor: Actor, refreshToken?: string): Promise<void> {
    if (refreshToken) await this.refreshTokens.revoke(actor.userId, refreshToken);
    if (actor.sessionId) {
      const now = this.clock.now();
      await this.ds.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [actor.sessionId, now]);
      await this.ds.query(`UPDATE auth_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [actor.sessionId, now]);
    }
    await this.record(actor.orgId, actor.userId, 'auth.logout', { sessionId: actor.sessionId });
  }

  me(actor: Actor): MeResponseDto {
    return toMe(actor);
  }

  /** Its own transaction through the transaction host (a plain ds.transaction would be invisible to AuditService). */
  private record(orgId: string | null, userId: string | null, action: AuditAction, data: Record<string, unknown>) {
    return this.txHost.withTransaction(() =>
      this.audit.append({ organizationId: orgId, actorUserId: userId, action, entityType: 'User', entityId: userId, data }));
  }
}
