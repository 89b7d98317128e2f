import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { Page, PageQueryDto, offsetOf } from '../../common/pagination/pagination';
import { Clock } from '../../common/time/clock';
import { localYear } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import { RegistersService } from '../registers/registers.service';
import { Department } from './department.entity';
import { CreateDepartmentDto, DepartmentResponseDto, UpdateDepartmentDto } from './dto/department.dto';
import { Organization } from './organization.entity';
import { preparedQuery } from '../../database/prepared-query';

interface DepartmentRow {
  id: string;
  name: string;
  code: string;
  kind: string;
  clerk_count: number;
  head_user_id: string | null;
}

const toResponse = (r: DepartmentRow): DepartmentResponseDto => ({
  id: r.id, name: r.name, code: r.code, kind: r.kind, clerkCount: Number(r.clerk_count), headUserId: r.head_user_id,
});

const SELECT_WITH_STAFFING = `
  SELECT d.id, d.name, d.code, d.kind,
         (SELECT count(*) FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
           WHERE r.department_id = d.id AND r.role = 'clerk')::int AS clerk_count,
         (SELECT r.user_id FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
           WHERE r.department_id = d.id AND r.role = 'head' ORDER BY r.created_at LIMIT 1) AS head_user_id
    FROM departments d`;

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly registers: RegistersService,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(Department);
  }

  findById(orgId: string, id: string): Promise<Department | null> {
    if (!orgId) throw new Error('findById: organization id is required');
    return this.repo.findOneBy({ organizationId: orgId, id });
  }

  findAll(orgId: string): Promise<Department[]> {
    if (!orgId) throw new Error('findAll: organization id is required');
    return this.repo.find({ where: { organizationId: orgId }, order: { name: 'ASC' } });
  }

  @Transactional()
  async create(actor: Actor, dto: CreateDepartmentDto): Promise<DepartmentResponseDto> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'create', 'Department', { organizationId: orgId });
    await this.assertUnique(orgId, dto);
    const dept = await this.repo.save(this.repo.create({ organizationId: orgId, name: dto.name.trim(), code: dto.code, kind: dto.kind }));
    // Departments other than the Office keep their own incoming register (seed 004: they had no clerk path at all).
    if (dept.kind !== 'office') {
      const org = await this.txHost.tx.getRepository(Organization).findOneByOrFail({ id: orgId });
      await this.registers.ensureDepartmentDefault(orgId, dept.id, dept.name, localYear(this.clock.now(), org.timeZone));
    }
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'department.created', entityType: 'Department', entityId: dept.id, data: { ...dto } });
    return this.get(actor, dept.id);
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateDepartmentDto): Promise<DepartmentResponseDto> {
    const orgId = actor.orgId as string;
    const dept = await this.findById(orgId, id);
    if (!dept) throw notFound('Phòng ban');
    this.authz.assert(actor, 'update', 'Department', { ...dept }, 'Phòng ban');
    await this.assertUnique(orgId, { code: dto.code, kind: dto.kind }, id);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    const result = await this.repo.update({ organizationId: orgId, id, version: dept.version }, changes);
    if (!result.affected) throw new DomainError('CONFLICT', 'Phòng ban vừa được người khác sửa, vui lòng tải lại và thử lại.');
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'department.updated', entityType: 'Department', entityId: id, data: { before: { name: dept.name, code: dept.code, kind: dept.kind }, changes } });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<DepartmentResponseDto> {
    const orgId = actor.orgId as string;
    const [row] = (await this.txHost.tx.query(`${SELECT_WITH_STAFFING} WHERE d.organization_id = $1 AND d.id = $2`, [orgId, id])) as DepartmentRow[];
    if (!row) throw notFound('Phòng ban');
    this.authz.assert(actor, 'read', 'Department', { organizationId: orgId, id }, 'Phòng ban');
    return toResponse(row);
  }

  async list(actor: Actor, q: PageQueryDto): Promise<Page<DepartmentResponseDto>> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'read', 'Department', { organizationId: orgId });
    const rows = await preparedQuery<DepartmentRow>(this.txHost.tx,
      `${SELECT_WITH_STAFFING} WHERE d.organization_id = $1 ORDER BY (d.kind = 'office') DESC, d.name LIMIT $2 OFFSET $3`,
      [orgId, q.pageSize, offsetOf(q)],
    );
    const [{ total }] = await preparedQuery<{ total: number }>(this.txHost.tx,
      `SELECT count(*)::int AS total FROM departments WHERE organization_id = $1`, [orgId]);
    return { items: rows.map(toResponse), total, page: q.page, pageSize: q.pageSize };
  }

  private async assertUnique(orgId: string, dto: { code?: string; kind?: string }, exceptId?: string) {
    const others = (await this.findAll(orgId)).filter((d) => d.id !== exceptId);
    if (dto.code && others.some((d) => d.code.toUpperCase() === dto.code?.toUpperCase())) {
      throw new DomainError('ALREADY_EXISTS', `Chữ viết tắt "${dto.code}" đã được dùng cho một phòng khác.`, [{ field: 'code' }]);
    }
    const office = others.find((d) => d.kind === 'office');
    if (dto.kind === 'office' && office) {
      throw new DomainError('ALREADY_EXISTS', `Đơn vị đã có Văn phòng HĐND và UBND ("${office.name}"); mỗi đơn vị chỉ có một.`, [{ existingId: office.id }]);
    }
  }
}
