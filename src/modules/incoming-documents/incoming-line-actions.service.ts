import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { WorkflowEvents } from '../routing/workflow-events';
import { DocumentNotices } from '../notifications/events/document-notices';
import type { IncomingDocumentResponseDto } from './dto/incoming-document.response.dto';
import type { ReassignLineDto } from './dto/incoming-workflow.dto';
import { IncomingAccess } from './incoming-access.service';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { IncomingQueriesService } from './incoming-queries.service';
import { AuditService } from '../audit/audit.service';

const WHAT = 'Văn bản đến';

/**
 * Two line actions of issue 10: "Đã xem" closes a "để biết" line in one step; "Giao lại" hands a person's line to
 * someone else of the same department (the head or clerk changing the handler, or the department's chain taking over
 * a line whose holder left).
 */
@Injectable()
export class IncomingLineActionsService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly queries: IncomingQueriesService,
    private readonly access: IncomingAccess,
    private readonly events: WorkflowEvents,
    private readonly notices: DocumentNotices,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async acknowledge(actor: Actor, id: string, lineId: string): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'receive', 'Chỉ người nhận (hoặc văn thư, trưởng phòng của phòng nhận) được bấm "Đã xem".');
    if (line.role !== 'inform') {
      throw new DomainError('BUSINESS_RULE', '"Đã xem" chỉ dùng cho dòng để biết; dòng chủ trì, phối hợp thì tiếp nhận và xử lý.', [{ field: 'lineId', role: line.role }]);
    }
    const at = this.clock.now();
    await this.repo.transitionLine(orgId, line.id, ['pending', 'in_progress'], 'completed', {
      received_at: line.received_at ?? at, received_by_user_id: actor.userId, completed_at: at, completed_by_user_id: actor.userId, result: 'Đã xem' });
    await this.repo.addHistory(orgId, { documentId: doc.id, lineId: line.id, action: 'line_acknowledged', actorUserId: actor.userId, at });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.line_acknowledged', entityType: 'IncomingDocument', entityId: doc.id, data: { lineId: line.id } });
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async reassign(actor: Actor, id: string, lineId: string, dto: ReassignLineDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'assign', 'Chỉ trưởng phòng hoặc văn thư của phòng được giao lại người xử lý.');
    if (!line.user_id) throw new DomainError('BUSINESS_RULE', 'Dòng của phòng thì dùng "Giao xử lý"; "Giao lại" dành cho dòng đã giao một người.', [{ field: 'lineId' }]);
    if (line.status !== 'pending' && line.status !== 'in_progress') {
      throw new DomainError('INVALID_STATE', 'Dòng xử lý đã kết thúc, không giao lại được.', [{ currentStatus: line.status }]);
    }
    const handler = await this.repo.userInOrg(orgId, dto.userId);
    if (!handler) throw notFound('Người xử lý');
    if (handler.id === line.user_id) throw new DomainError('BUSINESS_RULE', `${handler.full_name} đang giữ dòng này rồi.`, [{ field: 'userId' }]);
    if (line.department_id && !handler.roles.some((r) => r.department_id === line.department_id)) {
      throw new DomainError('BUSINESS_RULE', `${handler.full_name} không thuộc phòng của dòng xử lý này nên không giao được.`, [{ field: 'userId' }]);
    }
    const at = this.clock.now();
    await this.repo.transitionLine(orgId, line.id, ['pending', 'in_progress'], 'returned', { returned_at: at, return_reason: `Giao lại cho ${handler.full_name}` });
    const newId = await this.repo.handLineTo(orgId, handler.id, {
      documentId: doc.id, parentLineId: line.parent_line_id, role: line.role, departmentId: line.department_id, deadline: line.deadline,
      instruction: dto.note ?? line.instruction,
    }, { userId: actor.userId, at, action: 'line_reassigned', note: dto.note ?? null,
      data: { fromLineId: line.id, fromUserId: line.user_id, userId: handler.id, userName: handler.full_name } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.line_reassigned', entityType: 'IncomingDocument', entityId: doc.id,
      data: { fromLineId: line.id, lineId: newId, fromUserId: line.user_id, userId: handler.id } });
    await this.notices.emit(orgId, 'incoming.line_assigned', newId);
    await this.events.emit({ type: 'incoming.line_created', organizationId: orgId, documentId: doc.id, lineId: newId, role: line.role,
      departmentId: line.department_id, userId: handler.id, recipientUserIds: [handler.id], actorUserId: actor.userId });
    return this.queries.get(actor, doc.id);
  }

  private async loadLine(actor: Actor, id: string, lineId: string, action: 'receive' | 'assign', message: string) {
    const orgId = actor.orgId as string;
    const doc = await this.repo.findDocument(orgId, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    const line = await this.repo.findLine(orgId, doc.id, lineId);
    if (!line) throw notFound('Dòng xử lý');
    await this.access.assertLine(actor, doc, line, action, message);
    return { doc, line };
  }
}
