import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomInt } from 'node:crypto';
import type { Actor } from '../../common/auth/actor';
import { checkPassword } from '../../common/auth/password-policy';
import { AuthzService } from '../../common/authz/authz.service';
import { notFound } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { TemporaryPasswordResponseDto } from './dto/user.dto';
import { PasswordService } from './password.service';
import { User } from './user.entity';

// No look-alikes (0/O, 1/l/I): the administrator reads it out or writes it down for the user.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** 4 groups of 5 from 55 symbols: about 115 bits, e.g. "kR7mw-Pq3Zs-…". */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

/**
 * An administrator resets a user's password: a random temporary password is returned once, every session of the user is
 * revoked, and the user must choose a new password at the next sign-in (the guard answers 403 PASSWORD_CHANGE_REQUIRED).
 */
@Injectable()
export class ResetPasswordService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
  ) {}

  @Transactional()
  async reset(actor: Actor, id: string, resetMfa = false): Promise<TemporaryPasswordResponseDto> {
    const user = await this.txHost.tx.getRepository(User).findOneBy({ id });
    if (!user || user.isSystemAdmin || !this.authz.can(actor, 'read', 'User', { ...user })) throw notFound('Người dùng');
    this.authz.assert(actor, 'update', 'User', { ...user }, 'Người dùng');
    let password = temporaryPassword();
    while (checkPassword(password, user.username).length) password = temporaryPassword();
    const tx = this.txHost.tx;
    await tx.query(`UPDATE users SET password_hash = $2, must_change_password = true WHERE id = $1`, [id, await this.passwords.hash(password)]);
    if (resetMfa) {
      await tx.query(`UPDATE users SET mfa_secret_enc = NULL, mfa_pending_secret_enc = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = $1`, [id]);
    }
    await tx.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    await tx.query(`UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    await this.audit.append({
      organizationId: user.organizationId, actorUserId: actor.userId, action: 'user.password_reset', entityType: 'User', entityId: id,
      data: { username: user.username, mustChangePassword: true, mfaReset: resetMfa },
    });
    return { temporaryPassword: password };
  }
}
