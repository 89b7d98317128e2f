import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { MfaRoleKey, SecurityPolicyResponseDto } from './dto/account.dto';
import { MfaService } from './mfa.service';

/** Which roles of an organization must use two-factor sign-in (null in the database = the deployment default, MFA_DEFAULT). */
@Injectable()
export class SecurityPolicyService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
  ) {}

  async get(actor: Actor, requestedOrgId?: string): Promise<SecurityPolicyResponseDto> {
    const orgId = this.orgOf(actor, requestedOrgId);
    const [row] = (await this.txHost.tx.query(`SELECT mfa_required_roles FROM organizations WHERE id = $1`, [orgId])) as { mfa_required_roles: MfaRoleKey[] | null }[];
    if (!row) throw notFound('Đơn vị');
    return { organizationId: orgId, mfaRequiredRoles: row.mfa_required_roles ?? this.mfa.defaultRoles(), isDefault: row.mfa_required_roles === null };
  }

  @Transactional()
  async update(actor: Actor, roles: MfaRoleKey[], requestedOrgId?: string): Promise<SecurityPolicyResponseDto> {
    const before = await this.get(actor, requestedOrgId);
    const after = [...new Set(roles)];
    await this.txHost.tx.query(`UPDATE organizations SET mfa_required_roles = $2 WHERE id = $1`, [before.organizationId, after]);
    await this.audit.append({
      organizationId: before.organizationId, actorUserId: actor.userId, action: 'organization.security_policy_updated', entityType: 'Organization',
      entityId: before.organizationId, data: { mfaRequiredRoles: { before: before.mfaRequiredRoles, after } },
    });
    return { organizationId: before.organizationId, mfaRequiredRoles: after, isDefault: false };
  }

  /** An organization admin manages their own organization; the system admin names one. Another organization's id is 404. */
  private orgOf(actor: Actor, requested?: string): string {
    const orgId = actor.isSystemAdmin ? requested : actor.orgId;
    if (!orgId) throw new DomainError('VALIDATION_FAILED', 'Cần chọn đơn vị.', [{ field: 'organizationId', message: 'Quản trị hệ thống phải chọn đơn vị.' }]);
    if (requested && requested !== orgId) throw notFound('Đơn vị');
    if (!this.authz.can(actor, 'update', 'User', { organizationId: orgId })) throw notFound('Đơn vị');
    return orgId;
  }
}
