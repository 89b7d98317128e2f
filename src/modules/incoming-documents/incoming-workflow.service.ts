import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import type { Action } from '../../common/authz/ability';
import { DomainError, notFound, validationFailed } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { localDate } from '../../common/time/local-date';
import type { WardRouting } from '../routing/fallback-order';
import { AssignLineDto, CompleteLineDto, DirectIncomingDocumentDto, RecipientDto, ReturnLineDto, SubmitIncomingDocumentDto } from './dto/incoming-workflow.dto';
import type { IncomingDocumentResponseDto } from './dto/incoming-document.response.dto';
import { DocumentNotices } from '../notifications/events/document-notices';
import { WorkflowEvents } from '../routing/workflow-events';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { IncomingQueriesService } from './incoming-queries.service';
import { DocumentRow, LineRow } from './incoming-record';
import { IncomingAccess } from './incoming-access.service';

const WHAT = 'Văn bản đến';

/**
 * The handling path after registration (DOMAIN §4.1): submit to a leader → direct (lead / coordinate / inform) → each
 * recipient's line is received, handed to a handler, completed or returned. Every transition is a guarded UPDATE and a
 * history row in one transaction.
 */
@Injectable()
export class IncomingWorkflowService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly queries: IncomingQueriesService,
    private readonly access: IncomingAccess,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notices: DocumentNotices,
    private readonly events: WorkflowEvents,
  ) {}

  /**
   * A clerk presents a registered document to a leader — or, for a department's own register, to that department's head.
   * A document whose leader left (disabled, or no longer a leader) may be presented again to another one.
   */
  @Transactional()
  async submit(actor: Actor, id: string, dto: SubmitIncomingDocumentDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.load(actor, id, 'submit', 'Chỉ văn thư giữ sổ của văn bản này được trình lãnh đạo.');
    const leader = await this.repo.userInOrg(orgId, dto.leaderId);
    if (!leader) throw notFound('Lãnh đạo');
    const isLeader = leader.roles.some((r) => r.role === 'chairman' || r.role === 'vice_chairman');
    const isOwnHead = !!doc.scope_department_id && leader.roles.some((r) => (r.role === 'head' || r.role === 'deputy_head') && r.department_id === doc.scope_department_id);
    if (!isLeader && !isOwnHead) {
      throw new DomainError('BUSINESS_RULE', `${leader.full_name} không phải Chủ tịch, Phó Chủ tịch hoặc trưởng phòng giữ sổ của văn bản này nên không cho ý kiến chỉ đạo được.`, [{ field: 'leaderId' }]);
    }
    const at = this.clock.now();
    await this.repo.transitionDocument(orgId, doc.id, doc.status === 'awaiting_direction' ? ['awaiting_direction'] : ['registered'], 'awaiting_direction', {
      submitted_to_user_id: leader.id, submitted_by_user_id: actor.userId });
    await this.repo.addHistory(orgId, { documentId: doc.id, action: doc.status === 'awaiting_direction' ? 'resubmitted' : 'submitted',
      actorUserId: actor.userId, note: dto.note ?? null, at, data: { leaderId: leader.id, leaderName: leader.full_name } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.submitted', entityType: 'IncomingDocument', entityId: doc.id, data: { leaderId: leader.id } });
    await this.notices.emit(orgId, 'incoming.presented', doc.id);
    await this.events.emit({ type: 'incoming.presented', organizationId: orgId, documentId: doc.id, toUserId: leader.id, actorUserId: actor.userId, urgency: doc.urgency });
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async direct(actor: Actor, id: string, dto: DirectIncomingDocumentDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.load(actor, id, 'direct', 'Chỉ Chủ tịch, Phó Chủ tịch (hoặc trưởng phòng được trình) cho ý kiến chỉ đạo văn bản đến.');
    const today = localDate(this.clock.now(), actor.timeZone);
    if (dto.deadline && dto.deadline < today) throw validationFailed('deadline', `Hạn giải quyết (${dto.deadline}) đã qua; hôm nay là ${today}.`);
    const recipients = [
      { role: 'lead', r: dto.lead, field: 'lead' },
      ...(dto.coordinators ?? []).map((r, i) => ({ role: 'coordinate', r, field: `coordinators.${i}` })),
      ...(dto.informed ?? []).map((r, i) => ({ role: 'inform', r, field: `informed.${i}` })),
    ];
    const seen = new Set<string>();
    const resolved = [];
    const ward = await this.access.ward(actor);
    for (const x of recipients) {
      const target = await this.resolveRecipient(orgId, x.r, x.field, ward);
      if (seen.has(target.key)) throw validationFailed(x.field, `${target.label} đã có trong ý kiến chỉ đạo này.`);
      seen.add(target.key);
      resolved.push({ ...x, target });
    }
    const at = this.clock.now();
    const leadLabel = resolved[0].target.label;
    await this.repo.transitionDocument(orgId, doc.id, ['awaiting_direction'], 'in_progress', {
      directed_by_user_id: actor.userId, directed_at: at, direction_text: leadLabel.slice(0, 300), due_date: dto.deadline ?? doc.due_date });
    const lineIds: string[] = [];
    for (const x of resolved) {
      lineIds.push(await this.repo.insertLine(orgId, {
        document_id: doc.id, role: x.role, department_id: x.target.departmentId, user_id: x.target.userId, handled_by: x.target.handledBy,
        status: 'pending', deadline: x.role === 'inform' ? null : dto.deadline ?? null, instruction: dto.instruction,
        assigned_by_user_id: actor.userId, created_at: at,
      }));
    }
    await this.repo.addHistory(orgId, { documentId: doc.id, action: 'directed', actorUserId: actor.userId, note: dto.instruction, at,
      data: { deadline: dto.deadline ?? null, lines: resolved.map((x, i) => ({ lineId: lineIds[i], role: x.role, ...x.target, key: undefined, recipients: undefined })) } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.directed', entityType: 'IncomingDocument', entityId: doc.id, data: { deadline: dto.deadline ?? null, lineIds } });
    for (const lineId of lineIds) await this.notices.emit(orgId, 'incoming.line_assigned', lineId);
    await this.events.emit({ type: 'incoming.directed', organizationId: orgId, documentId: doc.id, actorUserId: actor.userId });
    for (const [i, x] of resolved.entries()) {
      await this.events.emit({ type: 'incoming.line_created', organizationId: orgId, documentId: doc.id, lineId: lineIds[i], role: x.role,
        departmentId: x.target.departmentId, userId: x.target.userId, recipientUserIds: x.target.recipients, actorUserId: actor.userId });
    }
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async receive(actor: Actor, id: string, lineId: string): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'receive', 'Dòng xử lý này do văn thư của phòng (hoặc người được giao) tiếp nhận.');
    const at = this.clock.now();
    await this.repo.transitionLine(orgId, line.id, ['pending'], 'in_progress', { received_at: at, received_by_user_id: actor.userId });
    await this.repo.addHistory(orgId, { documentId: doc.id, lineId: line.id, action: 'line_received', actorUserId: actor.userId, at });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.line_received', entityType: 'IncomingDocument', entityId: doc.id, data: { lineId: line.id } });
    await this.events.emit({ type: 'incoming.line_started', organizationId: orgId, documentId: doc.id, lineId: line.id,
      topLevelLead: line.role === 'lead' && !line.parent_line_id, actorUserId: actor.userId });
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async assign(actor: Actor, id: string, lineId: string, dto: AssignLineDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'assign', 'Chỉ trưởng phòng hoặc văn thư của phòng được giao người xử lý.');
    if (line.role === 'inform') throw informOnly();
    if (line.status !== 'in_progress') {
      throw new DomainError('INVALID_STATE', line.status === 'pending'
        ? 'Dòng xử lý chưa được tiếp nhận: tiếp nhận trước rồi mới giao người xử lý.'
        : 'Dòng xử lý đã kết thúc, không giao thêm người xử lý được.', [{ currentStatus: line.status }]);
    }
    const handler = await this.repo.userInOrg(orgId, dto.userId);
    if (!handler) throw notFound('Người xử lý');
    if (!handler.roles.some((r) => r.department_id === line.department_id)) {
      throw new DomainError('BUSINESS_RULE', `${handler.full_name} không thuộc phòng của dòng xử lý này nên không giao được.`, [{ field: 'userId' }]);
    }
    if (line.deadline && dto.deadline && dto.deadline > line.deadline) {
      throw validationFailed('deadline', `Hạn của người xử lý không được sau hạn của phòng (${line.deadline}).`);
    }
    const at = this.clock.now();
    // Keeps the parent line in progress while guarding against a concurrent completion or return.
    await this.repo.transitionLine(orgId, line.id, ['in_progress'], 'in_progress');
    const childId = await this.repo.handLineTo(orgId, handler.id, {
      documentId: doc.id, parentLineId: line.id, role: dto.role ?? 'lead', departmentId: line.department_id, deadline: dto.deadline ?? line.deadline,
      instruction: dto.note ?? null,
    }, { userId: actor.userId, at, action: 'line_assigned', note: dto.note ?? null,
      data: { parentLineId: line.id, userId: handler.id, userName: handler.full_name, deadline: dto.deadline ?? line.deadline } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.line_assigned', entityType: 'IncomingDocument', entityId: doc.id, data: { lineId: childId, parentLineId: line.id, userId: handler.id } });
    await this.notices.emit(orgId, 'incoming.line_assigned', childId);
    await this.events.emit({ type: 'incoming.line_created', organizationId: orgId, documentId: doc.id, lineId: childId, role: dto.role ?? 'lead',
      departmentId: line.department_id, userId: handler.id, recipientUserIds: [handler.id], actorUserId: actor.userId });
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async complete(actor: Actor, id: string, lineId: string, dto: CompleteLineDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'complete', 'Chỉ người giữ dòng xử lý này được báo hoàn thành.');
    const at = this.clock.now();
    await this.repo.transitionLine(orgId, line.id, ['pending', 'in_progress'], 'completed', {
      completed_at: at, completed_by_user_id: actor.userId, result: dto.result, reply_document_id: dto.replyDocumentId ?? null,
      received_at: line.received_at ?? at });
    await this.repo.addHistory(orgId, { documentId: doc.id, lineId: line.id, action: 'line_completed', actorUserId: actor.userId,
      note: dto.result, at, data: { replyDocumentId: dto.replyDocumentId ?? null } });
    await this.propagateCompletion(actor, doc, line, dto, at);
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.line_completed', entityType: 'IncomingDocument', entityId: doc.id, data: { lineId: line.id, replyDocumentId: dto.replyDocumentId ?? null } });
    return this.queries.get(actor, doc.id);
  }

  /**
   * "Any line may complete; the role only decides whether completion propagates to the parent line" (DOMAIN §4.1):
   * a completed lead line completes its parent, and the top lead line completes the document.
   */
  private async propagateCompletion(actor: Actor, doc: DocumentRow, line: LineRow, dto: CompleteLineDto, at: Date): Promise<void> {
    const orgId = actor.orgId as string;
    let current = line;
    while (current.role === 'lead' && current.parent_line_id) {
      const parent = await this.repo.findLine(orgId, doc.id, current.parent_line_id);
      if (!parent || parent.status === 'completed' || parent.status === 'returned') return;
      await this.repo.transitionLine(orgId, parent.id, ['pending', 'in_progress'], 'completed', {
        completed_at: at, completed_by_user_id: actor.userId, result: dto.result, reply_document_id: dto.replyDocumentId ?? null });
      await this.repo.addHistory(orgId, { documentId: doc.id, lineId: parent.id, action: 'line_completed', actorUserId: actor.userId, at,
        note: dto.result, data: { propagatedFromLineId: current.id } });
      current = parent;
    }
    if (current.role === 'lead' && !current.parent_line_id) {
      await this.repo.transitionDocument(orgId, doc.id, ['in_progress'], 'completed', { completed_at: at });
      // Coordinating and informed lines end with the document: nothing of it stays in anyone's worklist.
      const closed = await this.repo.closeOpenLines(orgId, doc.id, 'completed', {
        completed_at: at, completed_by_user_id: actor.userId, result: 'Đóng khi văn bản hoàn thành' });
      await this.repo.addHistory(orgId, { documentId: doc.id, lineId: current.id, action: 'completed', actorUserId: actor.userId, at,
        data: { leadLineId: current.id, closedLineIds: closed } });
      await this.events.emit({ type: 'incoming.completed', organizationId: orgId, documentId: doc.id, actorUserId: actor.userId });
    }
  }

  @Transactional()
  async returnLine(actor: Actor, id: string, lineId: string, dto: ReturnLineDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'return', 'Chỉ người giữ dòng xử lý này được trả lại.');
    const at = this.clock.now();
    await this.repo.transitionLine(orgId, line.id, ['pending', 'in_progress'], 'returned', { returned_at: at, return_reason: dto.reason });
    await this.repo.addHistory(orgId, { documentId: doc.id, lineId: line.id, action: 'line_returned', actorUserId: actor.userId,
      note: dto.reason, at, data: { returnedTo: line.parent_line_id ? { lineId: line.parent_line_id } : { userId: line.assigned_by_user_id } } });
    await this.notices.emit(orgId, 'incoming.line_returned', line.id);
    await this.events.emit({ type: 'incoming.line_returned', organizationId: orgId, documentId: doc.id, lineId: line.id,
      toUserIds: [line.assigned_by_user_id], actorUserId: actor.userId, reason: dto.reason });
    // A misrouted lead line goes back to the leader who directed it, who directs the document again.
    if (line.role === 'lead' && !line.parent_line_id) {
      await this.repo.transitionDocument(orgId, doc.id, ['in_progress'], 'awaiting_direction', {
        submitted_to_user_id: line.assigned_by_user_id, direction_text: null });
      // The direction is redone: its other lines end here, the new direction makes new ones.
      await this.repo.closeOpenLines(orgId, doc.id, 'returned', { returned_at: at, return_reason: 'Chỉ đạo được làm lại' });
      await this.repo.addHistory(orgId, { documentId: doc.id, lineId: line.id, action: 'returned_for_direction', actorUserId: actor.userId,
        note: dto.reason, at, data: { leaderId: line.assigned_by_user_id } });
    }
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.line_returned', entityType: 'IncomingDocument', entityId: doc.id, data: { lineId: line.id, reason: dto.reason } });
    return this.queries.get(actor, doc.id);
  }

  private async load(actor: Actor, id: string, action: Action, message: string): Promise<DocumentRow> {
    const doc = await this.repo.findDocument(actor.orgId as string, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    // The head a document was presented to directs it; whoever acts for its register's scope (fallback order) presents it.
    if (action === 'direct' && doc.submitted_to_user_id === actor.userId && doc.status === 'awaiting_direction') return doc;
    await this.access.assertDocument(actor, doc, action, WHAT, message, action === 'submit');
    return doc;
  }

  private async loadLine(actor: Actor, id: string, lineId: string, action: Action, message: string) {
    const orgId = actor.orgId as string;
    const doc = await this.repo.findDocument(orgId, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    const line = await this.repo.findLine(orgId, doc.id, lineId);
    if (!line) throw notFound('Dòng xử lý');
    await this.access.assertLine(actor, doc, line, action, message);
    return { doc, line };
  }

  /**
   * A department line lands with the department's chain by the fallback order (its clerks, else its head, else the
   * Office's clerks, else the Chánh Văn phòng); only a ward with nobody at all refuses it.
   */
  private async resolveRecipient(orgId: string, r: RecipientDto, field: string, ward: WardRouting) {
    if (!!r.departmentId === !!r.userId) throw validationFailed(field, 'Mỗi nơi nhận là một phòng (departmentId) hoặc một người (userId).');
    if (r.userId) {
      const user = await this.repo.userInOrg(orgId, r.userId);
      if (!user) throw notFound('Người nhận');
      return { key: `u:${user.id}`, label: user.full_name, departmentId: null as string | null, userId: user.id as string | null,
        handledBy: null as 'clerks' | 'head' | null, recipients: [user.id] };
    }
    const name = await this.repo.departmentName(orgId, r.departmentId as string);
    if (!name) throw notFound('Phòng nhận');
    const chain = ward.handlers(r.departmentId as string);
    if (chain.tier === 'nobody') {
      throw new DomainError('DEPARTMENT_HAS_NO_CLERK', `${name} chưa có văn thư, chưa có trưởng phòng và Văn phòng cũng không còn ai nhận thay: không ai nhận được văn bản. Báo quản trị phân công trước.`,
        [{ field, departmentId: r.departmentId }]);
    }
    return { key: `d:${r.departmentId}`, label: name, departmentId: r.departmentId as string | null, userId: null as string | null,
      handledBy: (chain.tier === 'department_clerk' ? 'clerks' : 'head') as 'clerks' | 'head' | null, recipients: chain.userIds };
  }
}

const informOnly = () => new DomainError('BUSINESS_RULE', 'Dòng "để biết" chỉ cần bấm "Đã xem", không giao người xử lý.', [{ field: 'lineId' }]);
