import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { localDate, localYear } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import type { RegisterReceivedDocumentDto } from './dto/register-incoming-document.dto';
import type { IncomingDocumentResponseDto } from './dto/incoming-document.response.dto';
import { isStateSecret } from './incoming-document.entity';
import { DocumentNotices } from '../notifications/events/document-notices';
import { WorkflowEvents } from '../routing/workflow-events';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { IncomingQueriesService } from './incoming-queries.service';
import { confidentialContentRefused, IncomingRegistrationService, isFlashOrVeryUrgent } from './incoming-registration.service';
import { documentSubject } from './incoming-record';
import { RegistersService } from '../registers/registers.service';
import { TIER_LABELS } from '../routing/fallback-order';
import { RoutingService } from '../routing/routing.service';
import { IncomingAccess } from './incoming-access.service';

/** An issued outgoing document addressed to an organization (or one of its departments) inside this deployment. */
export interface InternalDeliveryInput {
  senderOrganizationId: string;
  senderName: string;
  senderCode: string;
  recipientOrganizationId: string;
  recipientDepartmentId: string | null;
  outgoingDocumentId: string;
  symbol: string;
  documentType: string;
  documentDate: string;
  summary: string;
  signerName: string;
  signerPosition: string;
  urgency: string;
  confidentiality: string;
  /** Already shared into the recipient organization (FilesService.shareToOrganization). */
  fileId: string | null;
  actorUserId: string;
}

const WHAT = 'Văn bản đến';

/**
 * Documents delivered from inside the deployment arrive as `received`, pre-filled and without an arrival number;
 * a clerk of the addressed scope registers them (POST /incoming-documents/:id/register).
 */
@Injectable()
export class IncomingDeliveryService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly registration: IncomingRegistrationService,
    private readonly registers: RegistersService,
    private readonly queries: IncomingQueriesService,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly access: IncomingAccess,
    private readonly routing: RoutingService,
    private readonly notices: DocumentNotices,
    private readonly events: WorkflowEvents,
  ) {}

  /** Runs inside the caller's transaction; delivering the same outgoing document to the same recipient twice creates one document. */
  @Transactional()
  async deliverInternal(input: InternalDeliveryInput): Promise<{ incomingDocumentId: string }> {
    const orgId = input.recipientOrganizationId;
    if (!orgId) throw new Error('deliverInternal: recipient organization id is required');
    if (input.fileId && isStateSecret(input.confidentiality)) throw confidentialContentRefused();
    if (input.recipientDepartmentId && !(await this.repo.departmentName(orgId, input.recipientDepartmentId))) throw notFound('Phòng nhận');
    const now = this.clock.now();
    const [created] = await this.repo.rows<{ id: string }>(
      `INSERT INTO incoming_documents (organization_id, channel, issuer_name, issuer_code, symbol, document_type, document_date, summary,
         signer_name, signer_position, urgency, confidentiality, status, file_id, scope_department_id, source_organization_id,
         source_outgoing_document_id, sender_name, created_by_user_id, created_at, updated_at)
       VALUES ($1, 'internal', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12, $13, $14, $15, $2, $16, $17, $17)
       ON CONFLICT (organization_id, source_outgoing_document_id, coalesce(scope_department_id, '00000000-0000-0000-0000-000000000000'))
         WHERE source_outgoing_document_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [orgId, input.senderName, input.senderCode || null, input.symbol, input.documentType, input.documentDate, input.summary,
        input.signerName || null, input.signerPosition || null, input.urgency, input.confidentiality, input.fileId,
        input.recipientDepartmentId, input.senderOrganizationId, input.outgoingDocumentId, input.actorUserId, now.toISOString()]);
    if (created) {
      const chain = (await this.routing.forOrganization(orgId)).handlers(input.recipientDepartmentId);
      await this.events.emit({ type: 'incoming.delivered', organizationId: orgId, documentId: created.id, recipientUserIds: chain.userIds, actorUserId: input.actorUserId });
      await this.repo.addHistory(orgId, { documentId: created.id, action: 'delivered', actorUserId: input.actorUserId, at: now,
        data: { senderOrganizationId: input.senderOrganizationId, outgoingDocumentId: input.outgoingDocumentId, departmentId: input.recipientDepartmentId } });
      await this.audit.append({ organizationId: orgId, actorUserId: input.actorUserId, action: 'incoming.delivered', entityType: 'IncomingDocument', entityId: created.id,
        data: { senderOrganizationId: input.senderOrganizationId, outgoingDocumentId: input.outgoingDocumentId, departmentId: input.recipientDepartmentId } });
      await this.notices.emit(orgId, 'incoming.delivered', created.id);
      return { incomingDocumentId: created.id };
    }
    const [existing] = await this.repo.rows<{ id: string }>(
      `SELECT id FROM incoming_documents WHERE organization_id = $1 AND source_outgoing_document_id = $2
          AND scope_department_id IS NOT DISTINCT FROM $3::uuid`,
      [orgId, input.outgoingDocumentId, input.recipientDepartmentId]);
    return { incomingDocumentId: existing.id };
  }

  @Transactional()
  async registerReceived(actor: Actor, id: string, dto: RegisterReceivedDocumentDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.repo.findDocument(orgId, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    // The scope's clerks by the role rules; a department with no clerk: its head (then the Office, by the fallback order).
    const byRule = this.authz.can(actor, 'register', 'IncomingDocument', documentSubject(doc));
    const chain = (await this.access.ward(actor)).handlers(doc.scope_department_id);
    if (!byRule && !chain.userIds.includes(actor.userId)) {
      await this.access.assertDocument(actor, doc, 'register', WHAT, 'Chỉ văn thư của nơi nhận văn bản này được vào sổ.', false);
    }
    const now = this.clock.now();
    const year = localYear(now, actor.timeZone);
    if (doc.status !== 'received') {
      await this.repo.transitionDocument(orgId, doc.id, ['received'], 'registered');
    }
    const register = await this.registration.chooseRegister(actor, dto.registerId, year, isStateSecret(doc.confidentiality), doc.scope_department_id);
    const arrivalNumber = await this.registers.allocateNumber(orgId, register.id, year);
    const corrections = Object.fromEntries(Object.entries({
      issuer_name: dto.issuerName?.trim(), symbol: dto.symbol?.trim(), summary: dto.summary?.trim(), urgency: dto.urgency,
      page_count: dto.pageCount, due_date: dto.dueDate, note: dto.note?.trim(),
    }).filter(([, v]) => v !== undefined));
    await this.repo.transitionDocument(orgId, doc.id, ['received'], 'registered', {
      register_id: register.id, arrival_number: arrivalNumber, arrival_date: localDate(now, actor.timeZone), arrival_year: year, arrived_at: now,
      registered_by_user_id: actor.userId, registered_at: now, ...corrections,
    });
    const data = { registerId: register.id, arrivalNumber, arrivalYear: year, corrections: Object.keys(corrections),
      ...(byRule ? {} : { registeredAs: chain.tier, reason: `Vào sổ thay: ${TIER_LABELS[chain.tier]}` }) };
    await this.repo.addHistory(orgId, { documentId: doc.id, action: 'registered', actorUserId: actor.userId, at: now, data });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.registered', entityType: 'IncomingDocument', entityId: doc.id, data });
    await this.events.emit({ type: 'incoming.registered', organizationId: orgId, documentId: doc.id, actorUserId: actor.userId });
    if (isFlashOrVeryUrgent(dto.urgency ?? doc.urgency)) {
      await this.notices.emit(orgId, 'incoming.urgent_registered', doc.id);
      await this.events.emit({ type: 'incoming.urgent_registered', organizationId: orgId, documentId: doc.id, urgency: dto.urgency ?? doc.urgency,
        leaderUserIds: await this.repo.leaderIds(orgId), actorUserId: actor.userId });
    }
    return this.queries.get(actor, doc.id);
  }
}
