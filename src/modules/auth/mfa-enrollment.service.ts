import type { AuditAction } from '../audit/audit-actions';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import type { ClientInfo } from '../../common/http/client-info.decorator';
import { AuditService } from '../audit/audit.service';
import { MfaConfirmResponseDto, MfaEnrollResponseDto } from './dto/account.dto';
import { LoginService } from './login.service';
import { MfaService } from './mfa.service';

/**
 * Turning two-factor sign-in on, by a signed-in user or with the enrolment-only token a login gave. Confirmed with an
 * enrolment token, the answer also carries a full session (the user has just proven the password and the code).
 */
@Injectable()
export class MfaEnrollmentService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly mfa: MfaService,
    private readonly login: LoginService,
    private readonly audit: AuditService,
  ) {}

  async enroll(actor: Actor): Promise<MfaEnrollResponseDto> {
    const result = await this.mfa.enroll(actor.userId);
    await this.record(actor, 'auth.mfa_enrollment_started', {});
    return result;
  }

  async confirm(actor: Actor, code: string, client: ClientInfo): Promise<MfaConfirmResponseDto> {
    if (!(await this.mfa.confirm(actor.userId, code))) {
      throw new DomainError('VALIDATION_FAILED', 'Mã xác thực không đúng. Hãy nhập mã 6 số đang hiện trên ứng dụng xác thực.',
        [{ field: 'code', message: 'Mã xác thực không đúng.' }]);
    }
    await this.record(actor, 'auth.mfa_enabled', { ip: client.ip });
    if (actor.limitedTo !== 'mfa_enrollment') return { mfaEnabled: true };
    return { mfaEnabled: true, session: await this.login.startSession({ id: actor.userId, organizationId: actor.orgId }, client, true) };
  }

  private record(actor: Actor, action: AuditAction, data: Record<string, unknown>) {
    return this.txHost.withTransaction(() =>
      this.audit.append({ organizationId: actor.orgId, actorUserId: actor.userId, action, entityType: 'User', entityId: actor.userId, data }));
  }
}
