import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { accessibleSql } from '../../common/authz/accessible-sql';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { DOCUMENT_TYPE_KEYS } from '../catalogs/document-types';
import { CreateRegisterDto, ListRegistersQueryDto, RegisterResponseDto } from './dto/register.dto';
import { Register, RegisterKind } from './register.entity';
import { NEXT_NUMBER_SQL } from './register-number.sql';
import { preparedQuery } from '../../database/prepared-query';

const AGENCY_DEFAULTS: { kind: RegisterKind; name: string; confidential: boolean }[] = [
  { kind: 'incoming', name: 'Sổ đăng ký văn bản đến', confidential: false },
  { kind: 'outgoing', name: 'Sổ đăng ký văn bản đi', confidential: false },
  // Secret documents need a separate number series (Decree 30 Điều 15.2, 22.4).
  { kind: 'incoming', name: 'Sổ đăng ký văn bản đến mật', confidential: true },
  { kind: 'outgoing', name: 'Sổ đăng ký văn bản đi mật', confidential: true },
];

const REGISTER_FIELDS = { organizationId: 'r.organization_id', departmentId: 'r.department_id', id: 'r.id' };

export const toRegisterResponse = (r: Register, lastNumber = 0): RegisterResponseDto => ({
  id: r.id, kind: r.kind, name: r.name, year: r.year, departmentId: r.departmentId, documentTypes: r.documentTypes,
  confidential: r.confidential, isDefault: r.isDefault, legacy: !!r.legacy, lastNumber,
});

@Injectable()
export class RegistersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(Register);
  }

  /** The agency's default registers for a year (idempotent: a second call creates nothing). */
  async ensureAgencyDefaults(orgId: string, year: number): Promise<void> {
    for (const d of AGENCY_DEFAULTS) await this.ensureDefault(orgId, d.kind, year, null, d.name, d.confidential);
  }

  /** A department's own incoming register, kept by that department's clerks. */
  async ensureDepartmentDefault(orgId: string, departmentId: string, departmentName: string, year: number): Promise<Register> {
    return this.ensureDefault(orgId, 'incoming', year, departmentId, `Sổ văn bản đến - ${departmentName}`.slice(0, 200), false);
  }

  private async ensureDefault(orgId: string, kind: RegisterKind, year: number, departmentId: string | null, name: string, confidential: boolean) {
    if (!orgId) throw new Error('ensureDefault: organization id is required');
    await this.txHost.tx.query(
      `INSERT INTO registers (organization_id, kind, name, year, department_id, confidential, is_default)
       VALUES ($1, $2, $3, $4, $5, $6, true) ON CONFLICT DO NOTHING`,
      [orgId, kind, name, year, departmentId, confidential],
    );
    const found = await this.findDefault(orgId, kind, year, departmentId, confidential);
    if (!found) throw new Error('default register could not be created');
    return found;
  }

  findDefault(orgId: string, kind: RegisterKind, year: number, departmentId: string | null, confidential: boolean) {
    if (!orgId) throw new Error('findDefault: organization id is required');
    return this.repo
      .createQueryBuilder('r')
      .where('r.organization_id = :orgId AND r.kind = :kind AND r.year = :year AND r.is_default AND r.confidential = :confidential', {
        orgId, kind, year, confidential,
      })
      .andWhere(departmentId ? 'r.department_id = :departmentId' : 'r.department_id IS NULL', { departmentId })
      .getOne();
  }

  findById(orgId: string, id: string): Promise<Register | null> {
    if (!orgId) throw new Error('findById: organization id is required');
    return this.repo.findOneBy({ organizationId: orgId, id });
  }

  /**
   * Next number of a register in a local year, inside the caller's transaction. One statement creates or increments
   * the counter row and holds its lock until commit: concurrent registrations queue, a rollback returns the number,
   * and a committed number is never handed out again.
   */
  async allocateNumber(orgId: string, registerId: string, year: number): Promise<number> {
    if (!orgId) throw new Error('allocateNumber: organization id is required');
    const [row] = (await this.txHost.tx.query(NEXT_NUMBER_SQL('$1', '$2', '$3'), [orgId, registerId, year])) as { last_number: number }[];
    return row.last_number;
  }

  @Transactional()
  async create(actor: Actor, dto: CreateRegisterDto): Promise<RegisterResponseDto> {
    const orgId = actor.orgId as string;
    const record = { organizationId: orgId, departmentId: dto.departmentId ?? null };
    this.authz.assert(actor, 'create', 'Register', record, 'Phòng', 'Bạn chỉ được mở sổ cho đơn vị mình làm văn thư.');
    if (dto.departmentId) {
      const [dept] = (await this.txHost.tx.query(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, dto.departmentId])) as unknown[];
      if (!dept) throw notFound('Phòng ban');
    }
    const unknown = (dto.documentTypes ?? []).filter((t) => !DOCUMENT_TYPE_KEYS.includes(t));
    if (unknown.length) {
      throw new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ.', [
        { field: 'documentTypes', message: `Loại văn bản không tồn tại: ${unknown.join(', ')}.` },
      ]);
    }
    const duplicate = await this.repo
      .createQueryBuilder('r')
      .where('r.organization_id = :orgId AND r.kind = :kind AND r.year = :year AND lower(r.name) = lower(:name)', { orgId, ...dto })
      .andWhere(dto.departmentId ? 'r.department_id = :departmentId' : 'r.department_id IS NULL', { departmentId: dto.departmentId })
      .getOne();
    if (duplicate) throw new DomainError('ALREADY_EXISTS', `Sổ "${dto.name}" năm ${dto.year} đã có.`, [{ existingId: duplicate.id }]);
    const saved = await this.repo.save(this.repo.create({
      organizationId: orgId, kind: dto.kind, name: dto.name.trim(), year: dto.year, departmentId: dto.departmentId ?? null,
      documentTypes: dto.documentTypes ?? null, confidential: dto.confidential ?? false, isDefault: false,
    }));
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'register.created', entityType: 'Register', entityId: saved.id, data: { ...dto } });
    return toRegisterResponse(saved);
  }

  async list(actor: Actor, q: ListRegistersQueryDto): Promise<Page<RegisterResponseDto>> {
    const orgId = actor.orgId as string;
    const filter = accessibleSql(actor.ability, 'read', 'Register', REGISTER_FIELDS, 2);
    const conds = ['r.organization_id = $1', filter.sql];
    const params: unknown[] = [orgId, ...filter.params];
    if (q.kind) conds.push(`r.kind = $${params.push(q.kind)}`);
    if (q.year) conds.push(`r.year = $${params.push(q.year)}`);
    const where = conds.join(' AND ');
    const rows = await preparedQuery<Record<string, unknown>>(this.txHost.tx,
      `SELECT r.*, COALESCE(c.last_number, 0) AS last_number FROM registers r
         LEFT JOIN register_counters c ON c.register_id = r.id AND c.year = r.year
        WHERE ${where} ORDER BY r.year DESC, r.department_id NULLS FIRST, r.kind, r.confidential, r.name
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, offsetOf(q)],
    );
    const [{ count }] = await preparedQuery<{ count: number }>(this.txHost.tx, `SELECT count(*)::int AS count FROM registers r WHERE ${where}`, params);
    return { items: rows.map(rowToResponse), total: count, page: q.page, pageSize: q.pageSize };
  }
}

function rowToResponse(r: Record<string, unknown>): RegisterResponseDto {
  return {
    id: r.id as string, kind: r.kind as string, name: r.name as string, year: r.year as number,
    departmentId: (r.department_id as string) ?? null, documentTypes: (r.document_types as string[]) ?? null,
    confidential: r.confidential as boolean, isDefault: r.is_default as boolean, legacy: !!r.legacy, lastNumber: Number(r.last_number),
  };
}
