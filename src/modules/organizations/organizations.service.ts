import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { Page, PageQueryDto } from '../../common/pagination/pagination';
import { Clock } from '../../common/time/clock';
import { DEFAULT_TIME_ZONE, isValidTimeZone, localYear } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import { RegistersService } from '../registers/registers.service';
import { SigningRulesService } from '../signing-rules/signing-rules.service';
import { CreateOrganizationDto, OrganizationResponseDto } from './dto/organization.dto';
import { Organization } from './organization.entity';

export const toOrganizationResponse = (o: Organization): OrganizationResponseDto => ({
  id: o.id, code: o.code, name: o.name, shortName: o.shortName, placeName: o.placeName, parentName: o.parentName,
  timeZone: o.timeZone, createdAt: o.createdAt.toISOString(),
  // The mã định danh used on the edXML exchange is the organization code; a shape outside QCVN 102 is only a warning.
  organId: o.code,
  organIdWarning: /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/.test(o.code) ? null : `Mã ${o.code} không đúng khuôn dạng QCVN 102 (000.00.00.H00).`,
});

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly registers: RegistersService,
    private readonly signingRules: SigningRulesService,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(Organization);
  }

  /** Creating a ward also gives it default signing rules and this (local) year's agency registers. */
  @Transactional()
  async create(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationResponseDto> {
    this.authz.assert(actor, 'create', 'Organization', {});
    const timeZone = dto.timeZone ?? DEFAULT_TIME_ZONE;
    if (!isValidTimeZone(timeZone)) {
      throw new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ.', [
        { field: 'timeZone', message: 'Múi giờ không hợp lệ, ví dụ đúng: Asia/Ho_Chi_Minh.' },
      ]);
    }
    const existing = await this.repo.createQueryBuilder('o').where('lower(o.code) = lower(:code)', { code: dto.code }).getOne();
    if (existing) throw new DomainError('ALREADY_EXISTS', `Mã định danh ${dto.code} đã được dùng cho "${existing.name}".`, [{ existingId: existing.id }]);
    const org = await this.repo.save(this.repo.create({
      code: dto.code.trim(), name: dto.name.trim(), shortName: dto.shortName.trim(), placeName: dto.placeName.trim(),
      parentName: dto.parentName?.trim() || null, timeZone,
    }));
    await this.signingRules.createDefaults(org.id);
    await this.registers.ensureAgencyDefaults(org.id, localYear(this.clock.now(), timeZone));
    await this.audit.append({ organizationId: org.id, actorUserId: actor.userId, action: 'organization.created', entityType: 'Organization', entityId: org.id, data: { ...dto } });
    return toOrganizationResponse(org);
  }

  async list(actor: Actor, q: PageQueryDto): Promise<Page<OrganizationResponseDto>> {
    const qb = this.repo.createQueryBuilder('o').orderBy('o.name').skip((q.page - 1) * q.pageSize).take(q.pageSize);
    // A ward's own users see only their organization; the system administrator sees all.
    if (!actor.isSystemAdmin) qb.where('o.id = :id', { id: actor.orgId });
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(toOrganizationResponse), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<OrganizationResponseDto> {
    const org = await this.repo.findOneBy({ id });
    if (!org) throw notFound('Đơn vị');
    this.authz.assert(actor, 'read', 'Organization', { id: org.id }, 'Đơn vị');
    return toOrganizationResponse(org);
  }

  /** For other modules: the organization's header data (name, place, short name, time zone). */
  async findById(orgId: string): Promise<Organization | null> {
    if (!orgId) throw new Error('findById: organization id is required');
    return this.repo.findOneBy({ id: orgId });
  }
}
