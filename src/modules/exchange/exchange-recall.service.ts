import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { ExchangeStatusService } from './exchange-status.service';
import { ExchangeRepository, InboundLink, OrgIdentity } from './exchange.repository';

/**
 * A recall (BussinessDocType 1, status 13) received for a document we took in. Not yet registered: the document is
 * recalled at once (it leaves every worklist) and 15 goes back. Registered or further: the recall waits for the
 * clerk (POST /incoming-documents/:id/recall-decision), who accepts (15) or refuses (16).
 */
@Injectable()
export class ExchangeRecallService {
  constructor(
    private readonly repo: ExchangeRepository,
    private readonly statuses: ExchangeStatusService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** In the caller's transaction. */
  async received(org: OrgIdentity, fromPackage: InboundLink, reason: string): Promise<'recalled' | 'waiting' | 'unknown'> {
    const link = await this.repo.linkOfDocumentId(org.id, fromPackage.document_id);
    const now = this.clock.now();
    if (!link) {
      // Never taken in (or refused): nothing to withdraw.
      await this.statuses.queueForLink(org.id, fromPackage, '15', 'Văn bản chưa được tiếp nhận, không còn trong hệ thống', null);
      return 'unknown';
    }
    const [doc] = await this.repo.rows<{ status: string }>(`SELECT status FROM incoming_documents WHERE organization_id = $1 AND id = $2 FOR UPDATE`,
      [org.id, link.incoming_document_id]);
    const data = { documentId: link.document_id, reason };
    await this.audit.append({ organizationId: org.id, actorUserId: null, action: 'exchange.recall_received', entityType: 'IncomingDocument', entityId: link.incoming_document_id, data });
    if (doc?.status === 'received' || doc?.status === 'returned' || doc?.status === 'recalled') {
      if (doc.status === 'received') {
        await this.repo.rows(`UPDATE incoming_documents SET status = 'recalled', updated_at = now(), version = version + 1
            WHERE organization_id = $1 AND id = $2 AND status = 'received'`, [org.id, link.incoming_document_id]);
      }
      await this.setRecall(org.id, link, 'accepted', reason);
      await this.history(org.id, link.incoming_document_id, 'recalled', data, now, null, reason || null);
      await this.statuses.queueForLink(org.id, link, '15', 'Đồng ý thu hồi: văn bản chưa vào sổ đã được gỡ khỏi hệ thống', null);
      return 'recalled';
    }
    await this.setRecall(org.id, link, 'requested', reason);
    await this.history(org.id, link.incoming_document_id, 'recall_requested', data, now, null, reason || null);
    return 'waiting';
  }

  async setRecall(orgId: string, link: InboundLink, state: 'requested' | 'accepted' | 'refused', reason?: string): Promise<void> {
    await this.repo.rows(`UPDATE exchange_inbound_documents SET recall_state = $3, recall_reason = coalesce($4, recall_reason)
        WHERE organization_id = $1 AND document_id = $2`, [orgId, link.document_id, state, reason ?? null]);
  }

  history(orgId: string, incomingDocumentId: string, action: string, data: Record<string, unknown>, at: Date, actorUserId: string | null = null, note: string | null = null) {
    return this.repo.rows(`INSERT INTO incoming_document_history (organization_id, document_id, action, actor_user_id, note, data, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)`, [orgId, incomingDocumentId, action, actorUserId, note, JSON.stringify(data), at.toISOString()]);
  }
}
