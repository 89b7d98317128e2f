import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { invalidState, notFound } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { outgoingSubject, OutgoingRow } from '../outgoing-documents/outgoing-record';
import { ExchangeRepository } from './exchange.repository';
import { OutgoingExchangeResponseDto } from './dto/exchange.dto';

const WHAT = 'Văn bản đi';

/**
 * POST /outgoing-documents/:id/recall { reason }: an issued document is recalled from its external recipients — one
 * recall package (BussinessDocType 1) per recipient it was sent to, through the outbox; each answers 15 or 16.
 */
@Injectable()
export class OutgoingRecallService {
  constructor(
    private readonly repo: ExchangeRepository,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async recall(actor: Actor, id: string, reason: string): Promise<OutgoingExchangeResponseDto> {
    const orgId = actor.orgId as string;
    const [row] = await this.repo.rows<OutgoingRow>(`SELECT * FROM outgoing_documents WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [orgId, id]);
    if (!row) throw notFound(WHAT);
    this.authz.assert(actor, 'issue', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ văn thư cơ quan được thu hồi văn bản đã phát hành.');
    if (row.status !== 'issued') throw invalidState('Chỉ thu hồi được văn bản đã phát hành.');
    const targets = await this.repo.rows<{ organ_id: string; document_id: string; status: string }>(
      `SELECT organ_id, document_id, status FROM exchange_recipients WHERE organization_id = $1 AND outgoing_document_id = $2
          AND status NOT IN ('recall_requested', 'recalled', 'recall_refused', 'refused', 'failed')`, [orgId, id]);
    if (!targets.length) throw invalidState('Văn bản không có nơi nhận liên thông nào để thu hồi (chưa gửi, đã bị từ chối hoặc đã thu hồi).');
    for (const t of targets) {
      await this.repo.queueOut(orgId, { kind: 'recall', peerOrganId: t.organ_id, documentId: t.document_id, description: reason, outgoingDocumentId: id });
      await this.repo.rows(`UPDATE exchange_recipients SET status = 'recall_requested', status_code = '13', description = $4, status_at = now(),
          history = history || $5::jsonb WHERE organization_id = $1 AND outgoing_document_id = $2 AND organ_id = $3`,
        [orgId, id, t.organ_id, reason, JSON.stringify([{ statusCode: '13', description: reason, at: new Date().toISOString() }])]);
    }
    const data = { reason, recipients: targets.map((t) => t.organ_id) };
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.recalled', entityType: 'OutgoingDocument', entityId: id, data });
    return { id, recipients: targets.map((t) => t.organ_id) };
  }
}
