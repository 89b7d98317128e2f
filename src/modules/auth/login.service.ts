import type { AuditAction } from '../audit/audit-actions';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AccessTokenService } from '../../common/auth/access-token.service';
import { DomainError } from '../../common/errors/domain-error';
import type { ClientInfo } from '../../common/http/client-info.decorator';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { PasswordService } from '../users/password.service';
import { UsersService } from '../users/users.service';
import type { User } from '../users/user.entity';
import { MfaChallengeResponseDto, MfaEnrollmentRequiredResponseDto } from './dto/account.dto';
import { TokenPairResponseDto } from './dto/auth.dto';
import { LoginThrottleService } from './login-throttle.service';
import { MFA_CHALLENGE_TTL_SECONDS, MfaChallengesService } from './mfa-challenges.service';
import { MfaService } from './mfa.service';
import { SessionIssuer } from './session-issuer.service';

export const ENROLLMENT_TOKEN_TTL_SECONDS = 600;

export type LoginResult = TokenPairResponseDto | MfaChallengeResponseDto | MfaEnrollmentRequiredResponseDto;

// One message for an unknown user and a wrong password, so the login form does not reveal which accounts exist.
const badCredentials = () => new DomainError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.');
const challengeGone = () => new DomainError('UNAUTHENTICATED', 'Phiên xác thực hai bước đã hết hạn hoặc đã dùng. Vui lòng đăng nhập lại.');

/**
 * Sign-in: the password step (throttled per account and per address, identical for unknown usernames), then — when the
 * user has two-factor sign-in — the code step, or — when their role requires it but they have not enrolled — a token
 * that only opens the enrolment routes.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallengesService,
    private readonly sessions: SessionIssuer,
    private readonly accessTokens: AccessTokenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const now = this.clock.now();
    await this.throttle.assertMayTry(username, client.ip, now);
    const user = await this.users.findForLogin(username);
    // An unknown username costs the same argon2 verification as a known one (against a fixed hash), then fails the same way.
    const ok = user ? await this.passwords.verify(user.passwordHash, password) : (await this.passwords.burn(password), false);
    if (!user || !ok) {
      const counts = await this.throttle.recordFailure(username, client.ip, now);
      await this.record(user?.organizationId ?? null, user?.id ?? null, 'auth.login_failed',
        { username, reason: user ? 'wrong_password' : 'unknown_user', ip: client.ip, failuresFromAddress: counts.pair, failuresForAccount: counts.account });
      throw badCredentials();
    }
    if (user.disabled) {
      await this.record(user.organizationId, user.id, 'auth.login_refused_disabled', { ip: client.ip });
      throw new DomainError('UNAUTHENTICATED', 'Tài khoản này đã bị khóa bởi quản trị viên. Hãy liên hệ quản trị của đơn vị.');
    }
    await this.throttle.recordSuccess(user.id, username, client.ip, now);
    return this.afterPassword(user, client);
  }

  async loginWithCode(mfaToken: string, code: string, client: ClientInfo): Promise<TokenPairResponseDto> {
    const challenge = await this.challenges.attempt(mfaToken);
    if (!challenge) throw challengeGone();
    const now = this.clock.now();
    await this.throttle.assertMayTry(challenge.username, client.ip, now);
    const user = await this.users.findById(challenge.userId);
    if (!user || user.disabled) throw challengeGone();
    const verdict = await this.mfa.verify(user.id, code);
    if (verdict !== 'ok') {
      await this.throttle.recordFailure(challenge.username, client.ip, now);
      await this.record(user.organizationId, user.id, 'auth.mfa_failed', { reason: verdict, ip: client.ip });
      throw new DomainError('MFA_CODE_INVALID', verdict === 'replayed'
        ? 'Mã xác thực này đã được dùng. Hãy chờ mã mới hiện trên ứng dụng xác thực rồi nhập lại.'
        : 'Mã xác thực không đúng. Hãy nhập mã 6 số đang hiện trên ứng dụng xác thực.');
    }
    if (!(await this.challenges.consume(challenge.id))) throw challengeGone();
    return this.startSession(user, client, true);
  }

  private async afterPassword(user: User, client: ClientInfo): Promise<LoginResult> {
    if (await this.mfa.isEnabled(user.id)) {
      const mfaToken = await this.challenges.create(user.id, client);
      await this.record(user.organizationId, user.id, 'auth.mfa_challenge_issued', { ip: client.ip });
      return { mfaRequired: true, mfaToken, expiresIn: MFA_CHALLENGE_TTL_SECONDS };
    }
    if (await this.mfa.isRequired(user.id)) {
      await this.record(user.organizationId, user.id, 'auth.mfa_enrollment_required', { ip: client.ip });
      return {
        mfaEnrollmentRequired: true,
        enrollmentToken: this.accessTokens.sign(user.id, null, { lim: 'mfa_enrollment', ttlSeconds: ENROLLMENT_TOKEN_TTL_SECONDS }),
        expiresIn: ENROLLMENT_TOKEN_TTL_SECONDS,
        message: 'Vai trò của bạn bắt buộc xác thực hai bước. Hãy cài ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), quét mã QR và nhập mã 6 số.',
      };
    }
    return this.startSession(user, client, false);
  }

  async startSession(user: Pick<User, 'id' | 'organizationId'>, client: ClientInfo, mfa: boolean): Promise<TokenPairResponseDto> {
    const pair = await this.sessions.start(user.id, client);
    const sessionId = this.accessTokens.verify(pair.accessToken)?.sid ?? null;
    await this.record(user.organizationId, user.id, 'auth.login', { sessionId, ip: client.ip, mfa });
    return pair;
  }

  /** Its own transaction through the transaction host (a plain ds.transaction would be invisible to AuditService). */
  private record(orgId: string | null, userId: string | null, action: AuditAction, data: Record<string, unknown>) {
    return this.txHost.withTransaction(() =>
      this.audit.append({ organizationId: orgId, actorUserId: userId, action, entityType: 'User', entityId: userId, data }));
  }
}
