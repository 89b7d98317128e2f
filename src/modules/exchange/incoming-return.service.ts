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

const WHAT = 'Văn bản đến';

/**
 * POST /incoming-documents/:id/return { reason }: a received document (not yet registered) goes back to its sender —
 * wrong recipient, unreadable, not ours. An electronic one sends status 02 with the reason.
 */
@Injectable()
export class IncomingReturnService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly queries: IncomingQueriesService,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly statuses: ExchangeStatusService,
    private readonly recalls: ExchangeRecallService,
  ) {}

  @Transactional()
  async returnToSender(actor: Actor, id: string, reason: string): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.repo.findDocument(orgId, id, { forUpdate: true });
    if (!doc) throw notFound(WHAT);
    this.authz.assert(actor, 'register', 'IncomingDocument', documentSubject(doc), WHAT, 'Chỉ văn thư của nơi nhận văn bản này được trả lại văn bản.');
    if (doc.status !== 'received') throw invalidState('Chỉ trả lại được văn bản đã đến nhưng chưa vào sổ.', [{ currentStatus: doc.status }]);
    await this.repo.transitionDocument(orgId, doc.id, ['received'], 'returned');
    const sent = await this.statuses.queueForIncoming(orgId, doc.id, '02', { description: reason, actorUserId: actor.userId });
    const data = { reason, statusSent: sent ? '02' : null };
    await this.recalls.history(orgId, doc.id, 'returned_to_sender', data, this.clock.now(), actor.userId, reason);
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'incoming.returned_to_sender', entityType: 'IncomingDocument', entityId: doc.id, data });
    return this.queries.get(actor, doc.id);
  }
}
