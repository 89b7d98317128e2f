import { Inject, Injectable } from '@nestjs/common';
import { packRules } from '@casl/ability/extra';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { Actor } from '../../common/auth/actor';
import { AccessTokenService } from '../../common/auth/access-token.service';
import { ActorLoader } from '../../common/auth/actor.loader';
import { AbilityFactory } from '../../common/authz/ability.factory';
import { DomainError } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { AuditAction } from '../audit/audit-actions';
import { PasswordService } from '../users/password.service';
import { UsersService } from '../users/users.service';
import { MeResponseDto, TokenPairResponseDto } from './dto/auth.dto';
import { RefreshTokensService } from './refresh-tokens.service';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

// One message for an unknown user and a wrong password, so the login form does not reveal which accounts exist.
const badCredentials = () => new DomainError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.');

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly accessTokens: AccessTokenService,
    private readonly actors: ActorLoader,
    private readonly abilities: AbilityFactory,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<TokenPairResponseDto> {
    const user = await this.users.findForLogin(username);
    const now = this.clock.now();
    if (!user) {
      await this.passwords.burn(password);
      await this.record(null, null, 'auth.login_failed', { username, reason: 'unknown_user' });
      throw badCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.record(user.organizationId, user.id, 'auth.login_refused_locked', { lockedUntil: user.lockedUntil.toISOString() });
      throw lockedError(user.lockedUntil, now);
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      await this.recordFailure(user.id, user.organizationId, now);
      throw badCredentials();
    }
    if (user.disabled) {
      await this.record(user.organizationId, user.id, 'auth.login_refused_disabled', {});
      throw new DomainError('UNAUTHENTICATED', 'Tài khoản này đã bị khóa bởi quản trị viên. Hãy liên hệ quản trị của đơn vị.');
    }
    await this.ds.query(`UPDATE users SET failed_login_count = 0, locked_until = NULL WHERE id = $1`, [user.id]);
    const { token, familyId } = await this.refreshTokens.issue(user.id);
    await this.record(user.organizationId, user.id, 'auth.login', { sessionId: familyId });
    return this.pair(user.id, familyId, token);
  }

  async refresh(refreshToken: string): Promise<TokenPairResponseDto> {
    const result = await this.refreshTokens.rotate(refreshToken);
    if (result.kind === 'invalid') throw new DomainError('UNAUTHENTICATED', 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.');
    if (result.kind === 'reused') {
      const user = await this.users.findById(result.userId);
      await this.record(user?.organizationId ?? null, result.userId, 'auth.refresh_token_reused', { sessionId: result.familyId });
      throw new DomainError('TOKEN_REUSED', 'Phiên đăng nhập đã bị sử dụng ở nơi khác nên đã bị thu hồi để bảo vệ tài khoản. Vui lòng đăng nhập lại.');
    }
    await this.record((await this.users.findById(result.userId))?.organizationId ?? null, result.userId, 'auth.refreshed', { sessionId: result.familyId });
    return this.pair(result.userId, result.familyId, result.token);
  }

  async logout(actor: Actor, refreshToken?: string): Promise<void> {
    if (refreshToken) await this.refreshTokens.revoke(actor.userId, refreshToken);
    if (actor.sessionId) {
      await this.ds.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [actor.sessionId, this.clock.now()]);
    }
    await this.record(actor.orgId, actor.userId, 'auth.logout', { sessionId: actor.sessionId });
  }

  me(actor: Actor): MeResponseDto {
    return {
      id: actor.userId, username: actor.username, fullName: actor.fullName, organizationId: actor.orgId, departmentId: actor.departmentId,
      positionTitle: actor.positionTitle, roles: actor.roles.map((r) => ({ role: r.role, departmentId: r.departmentId })),
      rules: packRules(actor.ability.rules as never),
    };
  }

  private async pair(userId: string, familyId: string, refreshToken: string): Promise<TokenPairResponseDto> {
    const data = await this.actors.load(userId, familyId);
    if (!data) throw new DomainError('UNAUTHENTICATED', 'Tài khoản không còn hiệu lực.');
    return {
      accessToken: this.accessTokens.sign(userId, familyId),
      refreshToken,
      expiresIn: this.config.accessTokenTtlSeconds,
      user: this.me(this.abilities.forActor(data)),
    };
  }

  /** Five failures in a row lock the account for 15 minutes; the counter restarts after the lock. */
  private async recordFailure(userId: string, orgId: string | null, now: Date) {
    const [[row]] = (await this.ds.query(
      `UPDATE users SET failed_login_count = failed_login_count + 1 WHERE id = $1 RETURNING failed_login_count`,
      [userId],
    )) as [{ failed_login_count: number }[], number];
    await this.record(orgId, userId, 'auth.login_failed', { reason: 'wrong_password', consecutive: row.failed_login_count });
    if (row.failed_login_count >= MAX_FAILED_LOGINS) {
      const until = new Date(now.getTime() + LOCKOUT_MS);
      await this.ds.query(`UPDATE users SET failed_login_count = 0, locked_until = $2 WHERE id = $1`, [userId, until]);
      await this.record(orgId, userId, 'auth.account_locked', { lockedUntil: until.toISOString() });
    }
  }

  /** Its own transaction through the transaction host (a plain ds.transaction would be invisible to AuditService). */
  private record(orgId: string | null, userId: string | null, action: AuditAction, data: Record<string, unknown>) {
    return this.txHost.withTransaction(() =>
      this.audit.append({ organizationId: orgId, actorUserId: userId, action, entityType: 'User', entityId: userId, data }));
  }
}

function lockedError(until: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60000));
  return new DomainError('ACCOUNT_LOCKED', `Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${minutes} phút.`, [],
    { 'Retry-After': String(minutes * 60) });
}
