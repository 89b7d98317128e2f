import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { invalidState, notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { IncomingDocumentResponseDto } from '../incoming-documents/dto/incoming-document.response.dto';
import { IncomingDocumentsRepository } from '../incoming-documents/incoming-documents.repository';
import { IncomingQueriesService } from '../incoming-documents/incoming-queries.service';
import { documentSubject } from '../incoming-documents/incoming-record';
import { ExchangeRecallService } from './exchange-recall.service';
import { ExchangeStatusService } from './exchange-status.service';
import { ExchangeRepository } from './exchange.repository';

const WHAT = 'Văn bản đến';

/**
 * POST /incoming-documents/:id/recall-decision { accept, note? }: the sender recalled a document that is already
 * registered; the clerk accepts (the document is recalled, its open lines end, 15) or refuses (16, it stays).
 */
@Injectable()
export class RecallDecisionService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly exchange: ExchangeRepository,
    private readonly queries: IncomingQueriesService,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly statuses: ExchangeStatusService,
    private readonly recalls: ExchangeRecallService,
  ) {}

  @Transactional()
  async decide(actor: Actor, id: string, accept: boolean, note: string | undefined): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.repo.findDocument(orgId, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    this.authz.assert(actor, 'register', 'IncomingDocument', documentSubject(doc), WHAT,
      'Chỉ văn thư cơ quan quyết định việc thu hồi văn bản.');
    const link = await this.exchange.linkOfIncoming(orgId, doc.id);
    if (!link || link.recall_state !== 'requested') throw invalidState('Văn bản này không có yêu cầu thu hồi đang chờ quyết định.');
    const now = this.clock.now();
    if (accept) {
      await this.repo.transitionDocument(orgId, doc.id, ['registered', 'awaiting_direction', 'in_progress', 'completed'], 'recalled');
      await this.repo.closeOpenLines(orgId, doc.id, 'returned', { returned_at: now, return_reason: 'Văn bản bị cơ quan gửi thu hồi' });
    }
    await this.recalls.setRecall(orgId, link, accept ? 'accepted' : 'refused');
    const description = note?.trim() || (accept ? 'Đồng ý thu hồi' : 'Từ chối thu hồi');
    await this.statuses.queueForLink(orgId, link, accept ? '15' : '16', description, actor.userId);
    const data = { accept, note: note ?? null, documentId: link.document_id };
    await this.recalls.history(orgId, doc.id, accept ? 'recall_accepted' : 'recall_refused', data, now, actor.userId, note ?? null);
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.recall_decided', entityType: 'IncomingDocument', entityId: doc.id, data });
    return this.queries.get(actor, doc.id);
  }
}
