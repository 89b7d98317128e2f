import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { FilesService } from '../files/files.service';
import { DocumentNotices } from '../notifications/events/document-notices';
import { RoutingService } from '../routing/routing.service';
import { WorkflowEvents } from '../routing/workflow-events';
import { SignatureVerifier } from '../signing/signature-verifier.service';
import { detectMessageKind, EdxmlDocument, parseEdxmlMessage, parseStatusMessage, verifyEdxml } from './edxml-port';
import { documentTypeKeyOf, isoDateOf, urgencyOf } from './exchange-codes';
import { ExchangeRecallService } from './exchange-recall.service';
import { ExchangeStatusService } from './exchange-status.service';
import { ExchangeRepository, InboundLink, OrgIdentity } from './exchange.repository';
import type { InboundEnvelope } from './transports/transport';

export type TakeResult = 'taken' | 'duplicate' | 'refused' | 'status' | 'recall' | 'not_ours' | 'unreadable';

const clip = (s: string | undefined | null, n: number) => (s ?? '').trim().slice(0, n);

/**
 * Inbound packages, from the poll job or the axis's push: verified (the package's XML signature, then the PDF's own
 * signatures with the PAdES verification), deduplicated by message id and by DocumentId, and taken in as an incoming
 * document `channel: electronic`, status `received`, pre-filled from the MessageHeader; status 01 goes back at once.
 * A package that fails verification is refused with status 02 and the reason, and no document is stored.
 */
@Injectable()
export class ExchangeInboundService {
  private readonly log = new Logger(ExchangeInboundService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: ExchangeRepository,
    private readonly statuses: ExchangeStatusService,
    private readonly recalls: ExchangeRecallService,
    private readonly files: FilesService,
    private readonly verifier: SignatureVerifier,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly routing: RoutingService,
    private readonly events: WorkflowEvents,
    private readonly notices: DocumentNotices,
  ) {}

  async take(e: InboundEnvelope): Promise<TakeResult> {
    let kind: string;
    try {
      kind = detectMessageKind(e.xml);
    } catch {
      kind = 'unknown';
    }
    return kind === 'status' ? this.takeStatus(e) : this.takeDocument(e);
  }

  private async takeStatus(e: InboundEnvelope): Promise<TakeResult> {
    let status;
    try {
      status = parseStatusMessage(e.xml);
    } catch (error) {
      this.log.warn(`unreadable status package ${e.messageId}: ${(error as Error).message}`);
      return 'unreadable';
    }
    const org = await this.target(e.to, status.to?.organId ? [status.to.organId] : [status.responseFor.organId]);
    if (!org) return 'not_ours';
    const check = verifyEdxml(e.xml);
    return this.txHost.withTransaction(async () => {
      const fresh = await this.repo.recordIn(org.id, {
        messageId: e.messageId, kind: 'status', peerOrganId: status.from.organId, documentId: status.responseFor.documentId,
        state: check.valid ? 'processed' : 'refused', statusCode: status.statusCode, description: check.valid ? status.description : `Chữ ký không hợp lệ: ${check.reason ?? ''}`,
      });
      if (!fresh) return 'duplicate';
      if (!check.valid) {
        this.log.warn(`status package ${e.messageId} from ${status.from.organId} ignored: ${check.reason}`);
        return 'refused';
      }
      await this.statuses.apply(org.id, status, this.clock.now());
      return 'status';
    });
  }

  private async takeDocument(e: InboundEnvelope): Promise<TakeResult> {
    let doc: EdxmlDocument;
    try {
      doc = parseEdxmlMessage(e.xml);
    } catch (error) {
      this.log.warn(`unreadable edXML package ${e.messageId}: ${(error as Error).message}`);
      return 'unreadable';
    }
    const org = await this.target(e.to, (doc.to ?? []).map((t) => t.organId));
    if (!org) return 'not_ours';
    if (await this.txHost.withTransaction(() => this.repo.seenIn(org.id, e.messageId))) return 'duplicate';
    const check = verifyEdxml(e.xml);
    if (!check.valid) return this.refuse(org, e, doc, `Chữ ký số của gói tin edXML không hợp lệ (${check.reason ?? 'không rõ lý do'}).`);
    const pdf = (doc.attachments ?? []).find((a) => a.contentType === 'application/pdf' || /\.pdf$/i.test(a.fileName ?? ''));
    if (doc.business?.businessDocType === 1) return this.takeRecall(org, e, doc);
    if (!pdf) return this.refuse(org, e, doc, 'Gói tin không kèm tệp văn bản PDF.');
    const problem = await this.pdfProblem(pdf.data);
    if (problem) return this.refuse(org, e, doc, `Chữ ký số trên tệp ${pdf.fileName} không hợp lệ: ${problem}`);
    return this.txHost.withTransaction(() => this.create(org, e, doc, pdf));
  }

  /** The sender's PDF must carry signatures that are all intact, with nothing added after the last one. */
  private async pdfProblem(data: Buffer): Promise<string | null> {
    try {
      const v = await this.verifier.verify(data);
      if (!v.signatures.length) return 'tệp không có chữ ký số';
      const broken = v.signatures.find((s) => !s.intact);
      if (broken) return `chữ ký của ${broken.signerName} không còn nguyên vẹn${broken.problem ? ` (${broken.problem})` : ''}`;
      if (v.modifiedAfterLastSignature) return 'tệp bị sửa sau chữ ký cuối cùng';
      return null;
    } catch (error) {
      return `không đọc được tệp (${(error as Error).message})`;
    }
  }

  private async target(to: string | null, candidates: string[]): Promise<OrgIdentity | null> {
    for (const organId of to ? [to] : candidates) {
      if (!organId) continue;
      const o = await this.txHost.withTransaction(() => this.repo.orgByOrganId(organId));
      if (o) return o;
    }
    this.log.warn(`package addressed to ${to ?? candidates.join(', ')}: no such agency in this deployment`);
    return null;
  }

  private linkFrom(org: OrgIdentity, doc: EdxmlDocument, incomingDocumentId = ''): InboundLink {
    return {
      organization_id: org.id, document_id: clip(doc.documentId, 300), incoming_document_id: incomingDocumentId,
      sender_organ_id: clip(doc.from?.organId, 50), sender_name: clip(doc.from?.organName, 300) || null,
      code_number: clip(doc.code?.codeNumber, 50) || null, code_notation: clip(doc.code?.codeNotation, 100) || null,
      promulgation_date: clip(doc.promulgationInfo?.promulgationDate, 10) || null, recall_state: null, recall_reason: null,
    };
  }

  private async refuse(org: OrgIdentity, e: InboundEnvelope, doc: EdxmlDocument, reason: string): Promise<TakeResult> {
    this.log.warn(`package ${e.messageId} from ${doc.from?.organId} refused: ${reason}`);
    await this.txHost.withTransaction(async () => {
      const link = this.linkFrom(org, doc);
      const fresh = await this.repo.recordIn(org.id, {
        messageId: e.messageId, kind: 'document', peerOrganId: link.sender_organ_id || 'unknown', documentId: link.document_id || 'unknown',
        state: 'refused', statusCode: '02', description: reason,
      });
      if (fresh && link.sender_organ_id) await this.statuses.queueForLink(org.id, link, '02', reason.slice(0, 1000), null);
      await this.audit.append({ organizationId: org.id, actorUserId: null, action: 'exchange.package_refused', entityType: 'ExchangePackage', entityId: null,
        data: { messageId: e.messageId, from: link.sender_organ_id, documentId: link.document_id, reason } });
    });
    return 'refused';
  }

  private async takeRecall(org: OrgIdentity, e: InboundEnvelope, doc: EdxmlDocument): Promise<TakeResult> {
    return this.txHost.withTransaction(async () => {
      const fresh = await this.repo.recordIn(org.id, {
        messageId: e.messageId, kind: 'recall', peerOrganId: clip(doc.from?.organId, 50), documentId: clip(doc.documentId, 300), state: 'processed',
        statusCode: '13', description: doc.business?.businessDocReason ?? null,
      });
      if (!fresh) return 'duplicate';
      await this.recalls.received(org, this.linkFrom(org, doc), doc.business?.businessDocReason ?? '');
      return 'recall';
    });
  }

  private async create(org: OrgIdentity, e: InboundEnvelope, doc: EdxmlDocument, pdf: EdxmlDocument['attachments'][number]): Promise<TakeResult> {
    const link = this.linkFrom(org, doc);
    const fresh = await this.repo.recordIn(org.id, {
      messageId: e.messageId, kind: 'document', peerOrganId: link.sender_organ_id, documentId: link.document_id, state: 'processed',
    });
    if (!fresh || (await this.repo.linkOfDocumentId(org.id, link.document_id))) return 'duplicate';
    const now = this.clock.now();
    const file = await this.files.storeBuffer(org.id, pdf.data, clip(pdf.fileName, 200) || 'van-ban.pdf', null);
    const symbol = [link.code_number, link.code_notation].filter(Boolean).join('/') || link.document_id.split(',').pop() || '(không số)';
    const documentDate = isoDateOf(doc.promulgationInfo?.promulgationDate) ?? now.toISOString().slice(0, 10);
    const [created] = await this.repo.rows<{ id: string }>(
      `INSERT INTO incoming_documents (organization_id, channel, issuer_name, issuer_code, symbol, document_type, document_date, summary,
         signer_name, signer_position, urgency, confidentiality, due_date, status, file_id, sender_name, created_at, updated_at)
       VALUES ($1, 'electronic', $2, $3, $4, $5, $6, $7, $8, $9, $10, 'normal', $11, 'received', $12, $2, $13, $13) RETURNING id`,
      [org.id, link.sender_name || link.sender_organ_id, link.sender_organ_id, clip(symbol, 60), documentTypeKeyOf(doc.documentType?.typeName), documentDate,
        clip(doc.subject, 1000) || '(không có trích yếu)', clip(doc.signerInfo?.fullName, 100) || null,
        clip([doc.signerInfo?.competence, doc.signerInfo?.position].filter(Boolean).join(' '), 200) || null,
        urgencyOf(doc.otherInfo?.priority), isoDateOf(doc.dueDate), file.id, now.toISOString()]);
    const inserted = await this.repo.rows(
      `INSERT INTO exchange_inbound_documents (organization_id, document_id, incoming_document_id, sender_organ_id, sender_name, code_number,
         code_notation, promulgation_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING document_id`,
      [org.id, link.document_id, created.id, link.sender_organ_id, link.sender_name, link.code_number, link.code_notation, link.promulgation_date]);
    if (!inserted.length) throw new Error(`document ${link.document_id} taken in concurrently; this copy rolls back`);
    await this.repo.rows(`UPDATE exchange_messages SET incoming_document_id = $3 WHERE organization_id = $1 AND direction = 'in' AND message_id = $2`,
      [org.id, e.messageId, created.id]);
    const data = { messageId: e.messageId, documentId: link.document_id, from: link.sender_organ_id, fileId: file.id };
    await this.repo.rows(`INSERT INTO incoming_document_history (organization_id, document_id, action, actor_user_id, data, created_at)
        VALUES ($1, $2, 'exchange_received', NULL, $3, $4)`, [org.id, created.id, JSON.stringify(data), now.toISOString()]);
    await this.audit.append({ organizationId: org.id, actorUserId: null, action: 'exchange.document_received', entityType: 'IncomingDocument', entityId: created.id, data });
    const chain = (await this.routing.forOrganization(org.id)).handlers(null);
    await this.events.emit({ type: 'incoming.delivered', organizationId: org.id, documentId: created.id, recipientUserIds: chain.userIds, actorUserId: '' });
    await this.notices.emit(org.id, 'incoming.delivered', created.id);
    await this.statuses.queueForLink(org.id, { ...link, incoming_document_id: created.id }, '01', 'Đã đến', null);
    return 'taken';
  }
}
