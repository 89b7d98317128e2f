import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { accessibleSql } from '../../common/authz/accessible-sql';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState, notFound } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import { DOCUMENT_TYPE_KEYS, documentType } from '../catalogs/document-types';
import { RoleRef, rulesFor, typeCovered } from '../signing-rules/rule-match';
import { SigningRulesService } from '../signing-rules/signing-rules.service';
import { UsersService } from '../users/users.service';
import { Delegation } from './delegation.entity';
import { CreateDelegationDto, DelegationResponseDto, ListDelegationsQueryDto } from './dto/delegation.dto';

const FIELDS = { organizationId: 'g.organization_id', fromUserId: 'g.from_user_id', toUserId: 'g.to_user_id' };

@Injectable()
export class DelegationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly signingRules: SigningRulesService,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(Delegation);
  }

  @Transactional()
  async create(actor: Actor, dto: CreateDelegationDto): Promise<DelegationResponseDto> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'create', 'Delegation', { organizationId: orgId, fromUserId: dto.fromUserId }, 'Người dùng',
      'Bạn chỉ được ủy quyền những quyền ký của chính mình.');
    // Sequential: this runs in the creating transaction, on one pg client.
    const from = await this.users.findById(dto.fromUserId);
    const to = await this.users.findById(dto.toUserId);
    if (!from || from.organizationId !== orgId) throw notFound('Người ủy quyền');
    if (!to || to.organizationId !== orgId) throw notFound('Người được ủy quyền');
    if (from.id === to.id) throw invalidField('toUserId', 'Không thể tự ủy quyền cho chính mình.');
    if (to.disabled) throw new DomainError('BUSINESS_RULE', `Tài khoản của ${to.fullName} đang bị khóa, không nhận ủy quyền được.`);
    if (dto.validTo < dto.validFrom) throw invalidField('validTo', 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.');
    const today = localDate(this.clock.now(), actor.timeZone);
    if (dto.validTo < today) throw invalidField('validTo', `Ngày kết thúc (${dto.validTo}) đã qua; hôm nay là ${today}.`);
    await this.assertSomethingToDelegate(orgId, from.id, from.fullName, dto.documentTypes);
    await this.assertHeadOfUnit(to.id, to.fullName);
    const saved = await this.repo.save(this.repo.create({
      organizationId: orgId, fromUserId: from.id, toUserId: to.id, validFrom: dto.validFrom, validTo: dto.validTo,
      documentTypes: dto.documentTypes ? [...new Set(dto.documentTypes)] : null, reason: dto.reason.trim(), createdByUserId: actor.userId,
      revokedAt: null, revokedByUserId: null,
    }));
    await this.audit.append({
      organizationId: orgId, actorUserId: actor.userId, action: 'delegation.created', entityType: 'Delegation', entityId: saved.id,
      data: { ...dto },
    });
    return this.toResponse(saved, today);
  }

  async list(actor: Actor, q: ListDelegationsQueryDto): Promise<Page<DelegationResponseDto>> {
    const orgId = actor.orgId as string;
    const filter = accessibleSql(actor.ability, 'read', 'Delegation', FIELDS);
    const qb = this.repo.createQueryBuilder('g').where('g.organization_id = :orgId', { orgId });
    qb.andWhere(filter.sql.replace(/\$(\d+)/g, ':p$1'), Object.fromEntries(filter.params.map((v, i) => [`p${i + 1}`, v])));
    const [items, total] = await qb.orderBy('g.created_at', 'DESC').skip(offsetOf(q)).take(q.pageSize).getManyAndCount();
    const today = localDate(this.clock.now(), actor.timeZone);
    return { items: items.map((d) => this.toResponse(d, today)), total, page: q.page, pageSize: q.pageSize };
  }

  @Transactional()
  async revoke(actor: Actor, id: string): Promise<void> {
    const orgId = actor.orgId as string;
    const d = await this.repo.findOneBy({ organizationId: orgId, id });
    if (!d) throw notFound('Ủy quyền');
    this.authz.assert(actor, 'delete', 'Delegation', { ...d }, 'Ủy quyền');
    const result = await this.repo.createQueryBuilder().update().set({ revokedAt: this.clock.now(), revokedByUserId: actor.userId })
      .where('id = :id AND organization_id = :orgId AND revoked_at IS NULL', { id, orgId }).execute();
    if (!result.affected) throw invalidState('Ủy quyền này đã bị thu hồi trước đó.');
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'delegation.revoked', entityType: 'Delegation', entityId: id });
  }

  /** Điều 13 Nghị định 30/2020: "thừa ủy quyền" is given to the head of a unit only, never to a specialist or deputy. */
  private async assertHeadOfUnit(userId: string, name: string): Promise<void> {
    const [head] = (await this.txHost.tx.query(`SELECT 1 FROM role_assignments WHERE user_id = $1 AND role = 'head' LIMIT 1`, [userId])) as unknown[];
    if (head) return;
    throw new DomainError('BUSINESS_RULE',
      `Theo Điều 13 Nghị định 30/2020/NĐ-CP, chỉ được ủy quyền ký (TUQ.) cho người đứng đầu một đơn vị (Chánh Văn phòng, Trưởng phòng, Giám đốc trung tâm); ${name} không phải người đứng đầu đơn vị nào.`,
      [{ field: 'toUserId' }]);
  }

  /**
   * A delegation passes on the principal's OWN signing powers (their roles under the working rules), never powers the
   * principal received by delegation: that is how "cannot be delegated onward" (Decree 30 Điều 13) holds.
   */
  private async assertSomethingToDelegate(orgId: string, fromUserId: string, fromName: string, types?: string[]) {
    const unknown = (types ?? []).filter((t) => !DOCUMENT_TYPE_KEYS.includes(t));
    if (unknown.length) throw invalidField('documentTypes', `Loại văn bản không tồn tại: ${unknown.join(', ')}.`);
    const roles = (await this.txHost.tx.query(
      `SELECT r.role, d.kind AS "departmentKind" FROM role_assignments r LEFT JOIN departments d ON d.id = r.department_id WHERE r.user_id = $1`,
      [fromUserId],
    )) as RoleRef[];
    const rules = rulesFor(roles, await this.signingRules.rulesOf(orgId));
    if (!rules.length) {
      throw new DomainError('BUSINESS_RULE', `${fromName} không có quyền ký nào theo quy chế của đơn vị nên không có gì để ủy quyền.`);
    }
    const signable = (t: string) => rules.some((r) => typeCovered(r.documentTypes, t));
    const outside = (types ?? []).filter((t) => !signable(t));
    if (outside.length) {
      throw new DomainError('BUSINESS_RULE', `${fromName} không được ký ${outside.map((t) => documentType(t).name).join(', ')} nên không thể ủy quyền ký các loại này.`, [
        { field: 'documentTypes', notSignable: outside },
      ]);
    }
  }

  private toResponse(d: Delegation, today: string): DelegationResponseDto {
    const status = d.revokedAt ? 'revoked' : today < d.validFrom ? 'scheduled' : today > d.validTo ? 'expired' : 'active';
    return {
      id: d.id, fromUserId: d.fromUserId, toUserId: d.toUserId, validFrom: d.validFrom, validTo: d.validTo, documentTypes: d.documentTypes,
      reason: d.reason, status, revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null, createdAt: d.createdAt.toISOString(),
    };
  }
}

function invalidField(field: string, message: string) {
  return new DomainError('VALIDATION_FAILED', 'Dữ liệu ủy quyền không hợp lệ.', [{ field, message }]);
}
