import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { departmentsWithRole, isOfficeClerk, type Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, forbidden, notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { localDate, localYear } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import type { Register } from '../registers/register.entity';
import { RegistersService } from '../registers/registers.service';
import { DocumentNotices } from '../notifications/events/document-notices';
import { WorkflowEvents } from '../routing/workflow-events';
import { RegisterIncomingDocumentDto } from './dto/register-incoming-document.dto';
import type { IncomingDocumentResponseDto } from './dto/incoming-document.response.dto';
import { isStateSecret } from './incoming-document.entity';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { IncomingRegistrationRepository } from './incoming-registration.repository';
import { toDocumentResponse } from './incoming-record';

/** The file attached to a registration, already stored and checked by FilesService. */
export interface AttachedFile {
  id: string;
  pageCount: number | null;
}

/**
 * Registration (vào sổ) of incoming documents: the register of the clerk's scope for the local arrival year, a gapless
 * arrival number allocated inside the registering transaction, duplicate detection and the state-secret rule.
 */
@Injectable()
export class IncomingRegistrationService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly registration: IncomingRegistrationRepository,
    private readonly registers: RegistersService,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: DocumentNotices,
    private readonly events: WorkflowEvents,
  ) {}

  @Transactional()
  async register(actor: Actor, dto: RegisterIncomingDocumentDto, file: AttachedFile | null): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'create', 'IncomingDocument', { organizationId: orgId }, 'Văn bản đến', 'Chỉ văn thư được vào sổ văn bản đến.');
    if (file && isStateSecret(dto.confidentiality)) throw confidentialContentRefused();
    const now = this.clock.now();
    const year = localYear(now, actor.timeZone);
    const stateSecret = isStateSecret(dto.confidentiality);
    // No register named: the duplicate lock and the scope's default register in one round trip (bench B1); the lock is
    // held even when that register does not exist yet and chooseRegister creates it. A named register is checked first.
    const found = dto.registerId ? null
      : await this.registration.lockAndFindDefaultRegister(orgId, year, this.clerkScope(actor), stateSecret, dto);
    const register = found ?? await this.chooseRegister(actor, dto.registerId, year, stateSecret);
    if (dto.registerId) await this.repo.lockDuplicateKey(orgId, dto.issuerName, dto.symbol, dto.documentDate);
    const baseData = { registerId: register.id, arrivalYear: year };
    const inserted = await this.registration.insertNumbered(orgId, register.id, year, {
      arrival_date: localDate(now, actor.timeZone),
      arrived_at: now, channel: dto.channel, issuer_name: dto.issuerName.trim(), issuer_code: dto.issuerCode?.trim() || null,
      symbol: dto.symbol.trim(), document_type: dto.documentType, document_date: dto.documentDate, summary: dto.summary.trim(),
      signer_name: dto.signerName?.trim() || null, signer_position: dto.signerPosition?.trim() || null, urgency: dto.urgency,
      confidentiality: dto.confidentiality, page_count: dto.pageCount ?? file?.pageCount ?? null, due_date: dto.dueDate ?? null,
      note: dto.note?.trim() || null, status: 'registered', file_id: file?.id ?? null, scope_department_id: register.departmentId,
      registered_by_user_id: actor.userId, registered_at: now, created_by_user_id: actor.userId,
      created_at: now, updated_at: now,
    }, { actorUserId: actor.userId, at: now, data: baseData, note: null }, {
      issuerName: dto.issuerName, symbol: dto.symbol, documentDate: dto.documentDate, allow: !!dto.allowDuplicate,
      note: 'Vào sổ dù trùng cơ quan ban hành, số ký hiệu và ngày văn bản đã có.',
    });
    const { row, duplicateOf, auditHead } = inserted;
    if (!row || !auditHead) throw duplicate(duplicateOf as string);
    const id = row.id;
    const arrivalNumber = row.arrival_number as number;
    const data = { ...baseData, ...(duplicateOf ? { allowDuplicate: true, duplicateOf } : {}), arrivalNumber };
    await this.audit.appendAt(auditHead, { organizationId: orgId, actorUserId: actor.userId, action: 'incoming.registered', entityType: 'IncomingDocument', entityId: id, data });
    // Hỏa tốc / Thượng khẩn: present at once — the leaders are told now.
    if (isFlashOrVeryUrgent(dto.urgency)) {
      await this.notices.emit(orgId, 'incoming.urgent_registered', id);
      await this.events.emit({ type: 'incoming.urgent_registered', organizationId: orgId, documentId: id, urgency: dto.urgency,
        leaderUserIds: await this.repo.leaderIds(orgId), actorUserId: actor.userId });
    }
    return toDocumentResponse(row, localDate(now, actor.timeZone));
  }

  /**
   * The register to write into. Named: it must be an incoming register of this year that the clerk keeps (another
   * scope's register → 403). Not named: the default register of the clerk's scope for the local year, created lazily so
   * the first registration on 1 January works.
   */
  async chooseRegister(actor: Actor, registerId: string | undefined, year: number, stateSecret: boolean,
    scope: string | null = this.clerkScope(actor)): Promise<Register> {
    const orgId = actor.orgId as string;
    if (registerId) {
      const register = await this.registers.findById(orgId, registerId);
      if (!register || register.kind !== 'incoming') throw notFound('Sổ văn bản đến');
      if (register.legacy) throw registerRule(`Sổ "${register.name}" là sổ của đơn vị cũ nhập khi bàn giao, chỉ để tra cứu; không vào sổ văn bản mới.`, 'registerId');
      if (!this.authz.can(actor, 'register', 'Register', { ...register })) {
        throw forbidden('Bạn chỉ được vào sổ của đơn vị mình làm văn thư.');
      }
      if (register.year !== year) throw registerRule(`Sổ "${register.name}" là sổ năm ${register.year}; văn bản đến hôm nay thuộc năm ${year}.`, 'registerId');
      if (register.confidential !== stateSecret) {
        throw registerRule(stateSecret
          ? 'Văn bản mật phải vào sổ văn bản đến mật.'
          : `Sổ "${register.name}" chỉ dành cho văn bản mật.`, 'registerId');
      }
      return register;
    }
    if (scope === null) {
      const found = await this.registers.findDefault(orgId, 'incoming', year, null, stateSecret);
      if (found) return found;
      await this.registers.ensureAgencyDefaults(orgId, year);
      return (await this.registers.findDefault(orgId, 'incoming', year, null, stateSecret)) as Register;
    }
    if (stateSecret) {
      const found = await this.registers.findDefault(orgId, 'incoming', year, scope, true);
      if (found) return found;
      throw registerRule('Văn bản mật do văn thư cơ quan (Văn phòng) vào sổ văn bản đến mật; phòng của bạn chưa có sổ mật.', 'confidentiality');
    }
    const found = await this.registers.findDefault(orgId, 'incoming', year, scope, false);
    if (found) return found;
    const name = await this.repo.departmentName(orgId, scope);
    return this.registers.ensureDepartmentDefault(orgId, scope, name ?? 'Phòng', year);
  }

  /** null = the agency (office clerk); otherwise the department whose clerk the actor is. */
  clerkScope(actor: Actor): string | null {
    if (isOfficeClerk(actor)) return null;
    const [department] = departmentsWithRole(actor, 'clerk');
    if (!department) throw forbidden('Chỉ văn thư được vào sổ văn bản đến.');
    return department;
  }
}

/** Hỏa tốc and Thượng khẩn documents are told to the leaders at once (Decree 30: urgent ones are presented at once). */
export const isFlashOrVeryUrgent = (urgency: string) => urgency === 'flash' || urgency === 'very_urgent';

export const confidentialContentRefused = () => new DomainError('CONFIDENTIAL_CONTENT_REFUSED',
  'Văn bản mật, tối mật, tuyệt mật không được lưu nội dung trên hệ thống kết nối mạng: chỉ vào sổ thông tin, không đính kèm tệp.',
  [{ field: 'file' }]);

const duplicate = (existingId: string) => new DomainError('INCOMING_DUPLICATE',
  'Văn bản này (cùng cơ quan ban hành, số ký hiệu và ngày văn bản) đã được vào sổ trong năm. Kiểm tra lại, hoặc gửi allowDuplicate: true nếu đúng là văn bản đến lần nữa.',
  [{ existingId }]);

const registerRule = (message: string, field: string) => new DomainError('BUSINESS_RULE', message, [{ field }]);
