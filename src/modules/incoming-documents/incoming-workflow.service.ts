import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import type { Action } from '../../common/authz/ability';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound, validationFailed } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { AssignLineDto, CompleteLineDto, DirectIncomingDocumentDto, RecipientDto, ReturnLineDto, SubmitIncomingDocumentDto } from './dto/incoming-workflow.dto';
import type { IncomingDocumentResponseDto } from './dto/incoming-document.response.dto';
import { DocumentNotices } from '../notifications/events/document-notices';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { IncomingQueriesService } from './incoming-queries.service';
import { DocumentRow, documentSubject, LineRow, lineSubject } from './incoming-record';

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
    private readonly authz: AuthzService,
    private readonly clock: Clock,
    private readonly notices: DocumentNotices,
  ) {}

  @Transactional()
  async submit(actor: Actor, id: string, dto: SubmitIncomingDocumentDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.load(actor, id, 'submit', 'Chỉ văn thư giữ sổ của văn bản này được trình lãnh đạo.');
    const leader = await this.repo.userInOrg(orgId, dto.leaderId);
    if (!leader) throw notFound('Lãnh đạo');
    if (!leader.roles.some((r) => r.role === 'chairman' || r.role === 'vice_chairman')) {
      throw new DomainError('BUSINESS_RULE', `${leader.full_name} không phải Chủ tịch hoặc Phó Chủ tịch nên không cho ý kiến chỉ đạo được.`, [{ field: 'leaderId' }]);
    }
    const at = this.clock.now();
    await this.repo.transitionDocument(orgId, doc.id, ['registered'], 'awaiting_direction', {
      submitted_to_user_id: leader.id, submitted_by_user_id: actor.userId });
    await this.repo.addHistory(orgId, { documentId: doc.id, action: 'submitted', actorUserId: actor.userId, note: dto.note ?? null, at,
      data: { leaderId: leader.id } });
    await this.notices.emit(orgId, 'incoming.presented', doc.id);
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async direct(actor: Actor, id: string, dto: DirectIncomingDocumentDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.load(actor, id, 'direct', 'Chỉ Chủ tịch, Phó Chủ tịch cho ý kiến chỉ đạo văn bản đến.');
    const today = localDate(this.clock.now(), actor.timeZone);
    if (dto.deadline && dto.deadline < today) throw validationFailed('deadline', `Hạn giải quyết (${dto.deadline}) đã qua; hôm nay là ${today}.`);
    const recipients = [
      { role: 'lead', r: dto.lead, field: 'lead' },
      ...(dto.coordinators ?? []).map((r, i) => ({ role: 'coordinate', r, field: `coordinators.${i}` })),
      ...(dto.informed ?? []).map((r, i) => ({ role: 'inform', r, field: `informed.${i}` })),
    ];
    const seen = new Set<string>();
    const resolved = [];
    for (const x of recipients) {
      const target = await this.resolveRecipient(orgId, x.r, x.field);
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
      data: { deadline: dto.deadline ?? null, lines: resolved.map((x, i) => ({ lineId: lineIds[i], role: x.role, ...x.target, key: undefined })) } });
    for (const lineId of lineIds) await this.notices.emit(orgId, 'incoming.line_assigned', lineId);
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async receive(actor: Actor, id: string, lineId: string): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'receive', 'Dòng xử lý này do văn thư của phòng (hoặc người được giao) tiếp nhận.');
    const at = this.clock.now();
    await this.repo.transitionLine(orgId, line.id, ['pending'], 'in_progress', { received_at: at, received_by_user_id: actor.userId });
    await this.repo.addHistory(orgId, { documentId: doc.id, lineId: line.id, action: 'line_received', actorUserId: actor.userId, at });
    return this.queries.get(actor, doc.id);
  }

  @Transactional()
  async assign(actor: Actor, id: string, lineId: string, dto: AssignLineDto): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const { doc, line } = await this.loadLine(actor, id, lineId, 'assign', 'Chỉ trưởng phòng hoặc văn thư của phòng được giao người xử lý.');
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
    const childId = await this.repo.insertLine(orgId, {
      document_id: doc.id, parent_line_id: line.id, role: dto.role ?? 'lead', department_id: line.department_id, user_id: handler.id,
      handled_by: null, status: 'pending', deadline: dto.deadline ?? line.deadline, instruction: dto.note ?? null,
      assigned_by_user_id: actor.userId, created_at: at,
    });
    await this.repo.addHistory(orgId, { documentId: doc.id, lineId: childId, action: 'line_assigned', actorUserId: actor.userId,
      note: dto.note ?? null, at, data: { parentLineId: line.id, userId: handler.id, deadline: dto.deadline ?? line.deadline } });
    await this.notices.emit(orgId, 'incoming.line_assigned', childId);
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
      await this.repo.addHistory(orgId, { documentId: doc.id, lineId: current.id, action: 'completed', actorUserId: actor.userId, at,
        data: { leadLineId: current.id } });
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
    // A misrouted lead line goes back to the leader who directed it, who directs the document again.
    if (line.role === 'lead' && !line.parent_line_id) {
      await this.repo.transitionDocument(orgId, doc.id, ['in_progress'], 'awaiting_direction', {
        submitted_to_user_id: line.assigned_by_user_id, direction_text: null });
      await this.repo.addHistory(orgId, { documentId: doc.id, lineId: line.id, action: 'returned_for_direction', actorUserId: actor.userId,
        note: dto.reason, at, data: { leaderId: line.assigned_by_user_id } });
    }
    return this.queries.get(actor, doc.id);
  }

  private async load(actor: Actor, id: string, action: Action, message: string): Promise<DocumentRow> {
    const doc = await this.repo.findDocument(actor.orgId as string, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    this.authz.assert(actor, action, 'IncomingDocument', documentSubject(doc), WHAT, message);
    return doc;
  }

  private async loadLine(actor: Actor, id: string, lineId: string, action: Action, message: string) {
    const orgId = actor.orgId as string;
    const doc = await this.repo.findDocument(orgId, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    this.authz.assert(actor, 'read', 'IncomingDocument', documentSubject(doc), WHAT);
    const line = await this.repo.findLine(orgId, doc.id, lineId);
    if (!line) throw notFound('Dòng xử lý');
    this.authz.assert(actor, action, 'IncomingDocument', lineSubject(doc, line), 'Dòng xử lý', message);
    return { doc, line };
  }

  /** A department line lands with its clerks, or with its head when it has no clerk (and readiness names it). */
  private async resolveRecipient(orgId: string, r: RecipientDto, field: string) {
    if (!!r.departmentId === !!r.userId) throw validationFailed(field, 'Mỗi nơi nhận là một phòng (departmentId) hoặc một người (userId).');
    if (r.userId) {
      const user = await this.repo.userInOrg(orgId, r.userId);
      if (!user) throw notFound('Người nhận');
      return { key: `u:${user.id}`, label: user.full_name, departmentId: null as string | null, userId: user.id as string | null, handledBy: null as 'clerks' | 'head' | null };
    }
    const dept = await this.repo.departmentStaffing(orgId, r.departmentId as string);
    if (!dept) throw notFound('Phòng nhận');
    if (!dept.clerks && !dept.heads) {
      throw new DomainError('DEPARTMENT_HAS_NO_CLERK', `${dept.name} chưa có văn thư và chưa có trưởng phòng: không ai nhận được văn bản. Báo quản trị phân công trước.`,
        [{ field, departmentId: dept.id }]);
    }
    return { key: `d:${dept.id}`, label: dept.name, departmentId: dept.id as string | null, userId: null as string | null, handledBy: (dept.clerks ? 'clerks' : 'head') as 'clerks' | 'head' | null };
  }
}
