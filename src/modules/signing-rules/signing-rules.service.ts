import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { isDepartmentRole, roleName } from '../../common/auth/roles';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { DOCUMENT_TYPE_KEYS } from '../catalogs/document-types';
import { SigningRuleDto } from './dto/signing-rule.dto';
import { SigningRule } from './signing-rule.entity';
import { DEFAULT_SIGNING_RULES, SigningRuleData } from './signing-rules.defaults';

export const toSigningRuleResponse = (r: SigningRule) => ({
  id: r.id, role: r.role, departmentKind: r.departmentKind, authority: r.authority, documentTypes: r.documentTypes,
});

@Injectable()
export class SigningRulesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SigningRule);
  }

  /** The organization's rules in their order (orgId first, never empty). */
  async rulesOf(orgId: string): Promise<SigningRule[]> {
    if (!orgId) throw new Error('rulesOf: organization id is required');
    return this.repo.find({ where: { organizationId: orgId }, order: { position: 'ASC' } });
  }

  async createDefaults(orgId: string): Promise<void> {
    await this.insertRules(orgId, DEFAULT_SIGNING_RULES);
  }

  async list(actor: Actor) {
    this.authz.assert(actor, 'read', 'SigningRule', { organizationId: actor.orgId });
    return (await this.rulesOf(actor.orgId as string)).map(toSigningRuleResponse);
  }

  @Transactional()
  async replace(actor: Actor, rules: SigningRuleDto[]) {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'update', 'SigningRule', { organizationId: orgId });
    const data = rules.map((r, i) => validateRule(r, i));
    const before = (await this.rulesOf(orgId)).map(toSigningRuleResponse);
    await this.repo.delete({ organizationId: orgId });
    await this.insertRules(orgId, data);
    await this.audit.append({
      organizationId: orgId, actorUserId: actor.userId, action: 'signing_rules.replaced', entityType: 'SigningRule',
      data: { before, after: data },
    });
    return (await this.rulesOf(orgId)).map(toSigningRuleResponse);
  }

  private async insertRules(orgId: string, rules: SigningRuleData[]) {
    if (!rules.length) return;
    await this.repo.insert(rules.map((r, position) => ({ ...r, organizationId: orgId, position })));
  }
}

function validateRule(r: SigningRuleDto, i: number): SigningRuleData {
  const field = (f: string) => `rules.${i}.${f}`;
  if (r.departmentKind && !isDepartmentRole(r.role)) {
    throw new DomainError('VALIDATION_FAILED', 'Quy tắc ký không hợp lệ.', [
      { field: field('departmentKind'), message: `Vai trò ${roleName(r.role)} là vai trò của cả đơn vị, không gắn với loại phòng.` },
    ]);
  }
  const star = r.documentTypes.includes('*');
  if (star && r.documentTypes.length > 1) {
    throw new DomainError('VALIDATION_FAILED', 'Quy tắc ký không hợp lệ.', [
      { field: field('documentTypes'), message: '"*" (mọi loại) không dùng chung với loại văn bản cụ thể.' },
    ]);
  }
  const unknown = r.documentTypes.filter((t) => t !== '*' && !DOCUMENT_TYPE_KEYS.includes(t));
  if (unknown.length) {
    throw new DomainError('VALIDATION_FAILED', 'Quy tắc ký không hợp lệ.', [
      { field: field('documentTypes'), message: `Loại văn bản không tồn tại: ${unknown.join(', ')}. Xem GET /document-types.` },
    ]);
  }
  return { role: r.role, departmentKind: r.departmentKind ?? null, authority: r.authority, documentTypes: [...new Set(r.documentTypes)] };
}
