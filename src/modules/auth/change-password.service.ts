import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import type { ClientInfo } from '../../common/http/client-info.decorator';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { PasswordService } from '../users/password.service';
import { assertAcceptablePassword } from '../users/password-rules';
import { UsersService } from '../users/users.service';
import { LoginThrottleService } from './login-throttle.service';

const wrongCurrent = () => new DomainError('VALIDATION_FAILED', 'Mật khẩu hiện tại không đúng.', [{ field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' }]);

/**
 * A user changes their own password: the current one is checked (throttled like a login, so a stolen session cannot
 * guess it), the new one must pass the policy; every OTHER session of the user is revoked, this one stays.
 */
@Injectable()
export class ChangePasswordService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async change(actor: Actor, currentPassword: string, newPassword: string, client: ClientInfo): Promise<void> {
    const now = this.clock.now();
    await this.throttle.assertMayTry(actor.username, client.ip, now);
    const user = await this.users.findForLogin(actor.username);
    if (!user || user.id !== actor.userId) throw new DomainError('UNAUTHENTICATED', 'Tài khoản không còn hiệu lực.');
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      await this.throttle.recordFailure(actor.username, client.ip, now);
      throw wrongCurrent();
    }
    if (newPassword === currentPassword) {
      throw new DomainError('VALIDATION_FAILED', 'Mật khẩu mới phải khác mật khẩu hiện tại.', [{ field: 'newPassword', message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' }]);
    }
    assertAcceptablePassword(newPassword, actor.username, 'newPassword');
    const hash = await this.passwords.hash(newPassword);
    await this.txHost.withTransaction(async () => {
      const tx = this.txHost.tx;
      await tx.query(`UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = $3 WHERE id = $1`, [actor.userId, hash, now]);
      const [revoked] = (await tx.query(
        `UPDATE auth_sessions SET revoked_at = $3 WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2::uuid RETURNING id`,
        [actor.userId, actor.sessionId, now],
      )) as [{ id: string }[], number];
      await tx.query(
        `UPDATE refresh_tokens SET revoked_at = $3 WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2::uuid`,
        [actor.userId, actor.sessionId, now],
      );
      await this.audit.append({
        organizationId: actor.orgId, actorUserId: actor.userId, action: 'auth.password_changed', entityType: 'User', entityId: actor.userId,
        data: { keptSessionId: actor.sessionId, revokedSessions: revoked.length, ip: client.ip },
      });
    });
  }
}
