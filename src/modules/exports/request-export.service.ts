import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Actor, departmentsWithRole, hasRole, isLeader } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { businessRule, DomainError, forbidden, notFound, validationFailed } from '../../common/errors/domain-error';
import { OutboxService } from '../../common/queue/outbox.service';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { CreateExportDto, ExportQueuedDto } from './dto/export.dto';
import { EXPORT_LIMITS, type ExportKind } from './export.types';
import { ExportsRepository } from './exports.repository';

const DAY_MS = 24 * 3600 * 1000;
const REGISTER_KIND: Record<Exclude<ExportKind, 'summary'>, 'incoming' | 'outgoing'> = {
  incoming_register: 'incoming', incoming_tracking: 'incoming', outgoing_register: 'outgoing',
};

/** "2025-02-30" matches the pattern but is no day: PostgreSQL would refuse it later. */
const isCalendarDay = (day: string): boolean => {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
};

/** POST /exports: checks what may be exported by whom, applies the per-user limits, and queues the job (outbox). */
@Injectable()
export class RequestExportService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: ExportsRepository,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  @Transactional()
  async request(actor: Actor, dto: CreateExportDto): Promise<ExportQueuedDto> {
    const org = actor.orgId as string;
    for (const field of ['from', 'to'] as const) {
      if (!isCalendarDay(dto[field])) throw validationFailed(field, `Ngày ${dto[field]} không có trên lịch.`);
    }
    if (dto.from > dto.to) throw validationFailed('from', `Từ ngày (${dto.from}) phải trước hoặc bằng đến ngày (${dto.to}).`);
    const days = (Date.parse(`${dto.to}T00:00:00Z`) - Date.parse(`${dto.from}T00:00:00Z`)) / DAY_MS + 1;
    if (days > EXPORT_LIMITS.maxPeriodDays) throw validationFailed('to', `Mỗi lần xuất tối đa ${EXPORT_LIMITS.maxPeriodDays} ngày; hãy chia nhỏ khoảng thời gian.`);
    if (dto.kind === 'summary' && dto.format !== 'xlsx') throw businessRule('Thống kê theo phòng chỉ xuất ra Excel (format: "xlsx").');
    const departmentId = await this.checkAccess(actor, dto);

    await this.repo.lockRequester(org, actor.userId);
    const now = this.clock.now();
    const usage = await this.repo.usage(org, actor.userId, new Date(now.getTime() - 3600_000));
    if (usage.active >= EXPORT_LIMITS.activePerUser) {
      throw new DomainError('RATE_LIMITED',
        `Bạn đang có ${usage.active} yêu cầu xuất tệp chưa xong (tối đa ${EXPORT_LIMITS.activePerUser}). Vui lòng chờ các tệp đó xong rồi xuất tiếp.`,
        [], { 'Retry-After': '30' });
    }
    if (usage.lastHour >= EXPORT_LIMITS.perHour) {
      const wait = usage.oldestInHour ? Math.max(1, Math.ceil((usage.oldestInHour.getTime() + 3600_000 - now.getTime()) / 1000)) : 3600;
      throw new DomainError('RATE_LIMITED',
        `Bạn đã xuất ${usage.lastHour} tệp trong một giờ qua (tối đa ${EXPORT_LIMITS.perHour}). Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`,
        [], { 'Retry-After': String(wait) });
    }
    const id = await this.repo.insert({
      organizationId: org, userId: actor.userId, kind: dto.kind, format: dto.format, registerId: dto.registerId ?? null, departmentId,
      from: dto.from, to: dto.to, createdAt: now, expiresAt: new Date(now.getTime() + EXPORT_LIMITS.retentionDays * DAY_MS),
    });
    await this.audit.append({
      organizationId: org, actorUserId: actor.userId, action: 'export.requested', entityType: 'Export', entityId: id,
      data: { kind: dto.kind, format: dto.format, registerId: dto.registerId ?? null, departmentId, from: dto.from, to: dto.to },
    });
    await this.outbox.add(org, 'export.run', { exportId: id });
    return { id, status: 'queued' };
  }

  /** 404 for a register or department that is not there (or not visible), 403 when the caller may not read its data. */
  private async checkAccess(actor: Actor, dto: CreateExportDto): Promise<string | null> {
    const org = actor.orgId as string;
    const em = this.txHost.tx;
    if (dto.departmentId) {
      const [d] = (await em.query(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [org, dto.departmentId])) as unknown[];
      if (!d) throw notFound('Phòng ban');
    }
    if (dto.kind === 'summary') {
      const heads = departmentsWithRole(actor, 'head', 'deputy_head');
      const wardWide = isLeader(actor) || hasRole(actor, 'admin');
      const departmentId = dto.departmentId ?? (!wardWide && heads.length === 1 ? heads[0] : null);
      if (!this.authz.can(actor, 'read', 'Report', { organizationId: org, departmentId })) {
        throw forbidden(heads.length ? 'Trưởng phòng chỉ xuất thống kê của phòng mình.' : 'Bạn không có quyền xuất thống kê này.');
      }
      return departmentId;
    }
    if (dto.registerId) {
      const [r] = (await em.query(`SELECT id, kind, department_id AS "departmentId" FROM registers WHERE organization_id = $1 AND id = $2`,
        [org, dto.registerId])) as { id: string; kind: string; departmentId: string | null }[];
      if (!r) throw notFound('Sổ văn bản');
      this.authz.assert(actor, 'read', 'Register', { organizationId: org, departmentId: r.departmentId }, 'Sổ văn bản');
      if (r.kind !== REGISTER_KIND[dto.kind]) {
        throw validationFailed('registerId', r.kind === 'incoming' ? 'Sổ này là sổ văn bản đến; hãy chọn sổ văn bản đi.' : 'Sổ này là sổ văn bản đi; hãy chọn sổ văn bản đến.');
      }
      return dto.departmentId ?? null;
    }
    const scope = { organizationId: org, departmentId: dto.departmentId ?? null };
    if (!this.authz.can(actor, 'read', 'Register', scope) && !this.authz.can(actor, 'read', 'Report', scope)) {
      throw forbidden(dto.departmentId ? 'Bạn không được xem sổ của phòng này.' : 'Bạn không được xem sổ văn bản của cơ quan; hãy chọn sổ của phòng mình.');
    }
    return dto.departmentId ?? null;
  }
}
