import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { DocumentNotices } from '../notifications/events/document-notices';
import { ApproveOutgoingDto, OutgoingDocumentResponseDto, ReturnOutgoingDto, SubmitOutgoingDto } from './dto/outgoing-document.dto';
import { immutable, OutgoingDocumentsRepository, WHAT } from './outgoing-documents.repository';
import { OutgoingCompositionService } from './outgoing-composition.service';
import { OutgoingQueriesService } from './outgoing-queries.service';
import { isStateSecret, outgoingSubject } from './outgoing-record';

/** Review: submit a draft to a reviewer, approve it for signature, or return it with a reason. */
@Injectable()
export class OutgoingReviewService {
  constructor(
    private readonly repo: OutgoingDocumentsRepository,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly queries: OutgoingQueriesService,
    private readonly composition: OutgoingCompositionService,
    private readonly notices: DocumentNotices,
  ) {}

  @Transactional()
  async submit(actor: Actor, id: string, dto: SubmitOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id, true);
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'submit', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người soạn thảo hoặc lãnh đạo đơn vị soạn thảo được trình văn bản.');
    if (row.status !== 'draft') throw invalidState('Chỉ trình được văn bản đang là dự thảo.');
    const reviewer = await this.repo.userInOrg(orgId, dto.reviewerId, 'reviewerId');
    if (!row.signer_id) throw new DomainError('BUSINESS_RULE', 'Hãy chọn người ký (signerId) trước khi trình.', [{ field: 'signerId' }]);
    if (!row.draft_file_id && !row.content && !isStateSecret(row.confidentiality)) {
      throw new DomainError('BUSINESS_RULE', 'Hãy đính kèm tệp PDF dự thảo (hoặc nhập nội dung để hệ thống trình bày) trước khi trình.', [{ field: 'file' }]);
    }
    const problems = await this.composition.layoutProblems(row);
    if (problems.length) {
      throw new DomainError('DRAFT_LAYOUT_UNFIT', `Dự thảo chưa đúng thể thức để cấp số, ghi ngày và ký: ${problems.map((p) => p.message).join(' ')}`, problems.map((p) => ({ ...p })));
    }
    await this.repo.transition(orgId, id, ['draft'], 'in_review', { reviewer_id: reviewer.id });
    await this.repo.history(orgId, id, 'submitted', actor, { from: 'draft', to: 'in_review', data: { reviewerId: reviewer.id } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.submitted', entityType: 'OutgoingDocument', entityId: id, data: { reviewerId: reviewer.id } });
    await this.notices.emit(orgId, 'outgoing.review_requested', id);
    return this.queries.get(actor, id);
  }

  @Transactional()
  async approve(actor: Actor, id: string, dto: ApproveOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id, true);
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'approve', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người được trình kiểm tra văn bản này mới duyệt được.');
    if (row.status !== 'in_review') throw invalidState('Chỉ duyệt được văn bản đang chờ kiểm tra.');
    await this.repo.transition(orgId, id, ['in_review'], 'awaiting_signature', { review_note: dto.note?.trim() || null });
    await this.repo.history(orgId, id, 'approved', actor, { from: 'in_review', to: 'awaiting_signature', note: dto.note?.trim() || null, data: { signerId: row.signer_id } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.approved', entityType: 'OutgoingDocument', entityId: id });
    await this.notices.emit(orgId, 'outgoing.signature_requested', id);
    return this.queries.get(actor, id);
  }

  @Transactional()
  async return(actor: Actor, id: string, dto: ReturnOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id, true);
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'return', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người kiểm tra hoặc người ký được trả lại văn bản.');
    const mayReturn = (row.status === 'in_review' && row.reviewer_id === actor.userId)
      || (row.status === 'awaiting_signature' && row.signer_id === actor.userId);
    if (!mayReturn) {
      if (!['in_review', 'awaiting_signature'].includes(row.status)) throw invalidState('Chỉ trả lại được văn bản đang chờ kiểm tra hoặc chờ ký.');
      throw new DomainError('FORBIDDEN', row.status === 'in_review' ? 'Văn bản đang chờ kiểm tra: chỉ người kiểm tra được trả lại.' : 'Văn bản đang chờ ký: chỉ người ký được trả lại.');
    }
    const reason = dto.reason.trim();
    await this.repo.transition(orgId, id, [row.status], 'draft', { return_reason: reason });
    await this.repo.history(orgId, id, 'returned', actor, { from: row.status, to: 'draft', note: reason });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.returned', entityType: 'OutgoingDocument', entityId: id, data: { reason } });
    await this.notices.emit(orgId, 'outgoing.returned', id);
    return this.queries.get(actor, id);
  }

}
