import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../common/time/clock';
import { FilesService } from '../files/files.service';
import { SigningKeysService } from '../signing/signing-keys.service';
import { buildEdxmlMessage, buildStatusMessage, EdxmlDocument, EdxmlStatus, edxmlTimestamp, formatDocumentId, signEdxml } from './edxml-port';
import { edxmlDocumentType, PRIORITY_OF } from './exchange-codes';
import { ExchangeRepository, MessageRow, OrgIdentity } from './exchange.repository';
import { EXCHANGE_TRANSPORT, ExchangeTransport, PermanentTransportError } from './transports/transport';

interface IssuedRow {
  id: string;
  symbol: string;
  number: number;
  issued_date: string;
  document_type: string;
  summary: string;
  urgency: string;
  due_date: string | null;
  file_id: string | null;
  signature_block: { lines: string[]; name: string } | null;
  signer_position: string | null;
}

/** `<số>/<ký hiệu>` → CodeNumber and CodeNotation. */
export const splitSymbol = (symbol: string) => {
  const i = symbol.indexOf('/');
  return i < 0 ? { codeNumber: symbol, codeNotation: '' } : { codeNumber: symbol.slice(0, i), codeNotation: symbol.slice(i + 1) };
};

/** DocumentId (QCVN 102): `<senderOrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>`. */
export const documentIdOf = (organId: string, issuedDate: string, symbol: string) => formatDocumentId(organId, issuedDate, symbol);

/**
 * Outbound packages. On issue (inside the issuing transaction) each external recipient with a mã định danh gets a
 * status row and a package row with its send job (the outbox); the job — never the request — builds the edXML with
 * the issued, signed PDF, signs the package with the agency key and hands it to the transport. A retried job sends
 * the same message id again, so the axis and the receiver keep one copy.
 */
@Injectable()
export class ExchangeOutboundService {
  private readonly log = new Logger(ExchangeOutboundService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: ExchangeRepository,
    private readonly files: FilesService,
    private readonly keys: SigningKeysService,
    private readonly clock: Clock,
    @Inject(EXCHANGE_TRANSPORT) private readonly transport: ExchangeTransport,
  ) {}

  /** Runs in the issuing transaction (WorkflowEvents 'outgoing.issued'). */
  async onIssued(orgId: string, outgoingDocumentId: string): Promise<number> {
    const recipients = await this.repo.rows<{ name: string; code: string }>(
      `SELECT name, code FROM outgoing_document_recipients WHERE organization_id = $1 AND outgoing_document_id = $2
          AND type = 'external' AND coalesce(btrim(code), '') <> '' ORDER BY position`, [orgId, outgoingDocumentId]);
    if (!recipients.length) return 0;
    const [doc] = await this.repo.rows<{ symbol: string; issued_date: string; file_id: string | null }>(
      `SELECT symbol, to_char(issued_date, 'YYYY-MM-DD') AS issued_date, file_id FROM outgoing_documents WHERE organization_id = $1 AND id = $2`,
      [orgId, outgoingDocumentId]);
    if (!doc?.file_id) return 0; // state secrets have no file and never leave over the network
    const o = await this.repo.org(orgId);
    const documentId = documentIdOf(o.code, doc.issued_date, doc.symbol);
    let queued = 0;
    const seen = new Set<string>();
    for (const r of recipients) {
      const organId = r.code.trim();
      if (seen.has(organId.toLowerCase())) continue;
      seen.add(organId.toLowerCase());
      await this.repo.rows(
        `INSERT INTO exchange_recipients (organization_id, outgoing_document_id, organ_id, name, document_id, status)
         VALUES ($1, $2, $3, $4, $5, 'sending') ON CONFLICT DO NOTHING`, [orgId, outgoingDocumentId, organId, r.name, documentId]);
      await this.repo.queueOut(orgId, { kind: 'document', peerOrganId: organId, documentId, outgoingDocumentId });
      queued++;
    }
    return queued;
  }

  /** The job `exchange.send`: idempotent (a sent row is not sent again; the same message id on every attempt). */
  async send(orgId: string, messageRowId: string): Promise<string> {
    const m = await this.txHost.withTransaction(() => this.repo.message(orgId, messageRowId));
    if (!m) return 'missing';
    if (m.state !== 'pending') return m.state;
    // No transport configured: the row waits (the poll's sweep sends it once one is).
    if (this.transport.name === 'off') return 'waiting';
    const xml = await this.txHost.withTransaction(() => this.buildSigned(m));
    try {
      await this.transport.send({ messageId: m.message_id, from: (await this.orgOf(orgId)).code, to: m.peer_organ_id, kind: m.kind, xml });
    } catch (error) {
      const permanent = error instanceof PermanentTransportError;
      await this.txHost.withTransaction(() => this.repo.rows(
        `UPDATE exchange_messages SET attempts = attempts + 1, last_error = $3, state = CASE WHEN $4 THEN 'refused' ELSE state END
          WHERE organization_id = $1 AND id = $2`, [orgId, m.id, String((error as Error).message).slice(0, 1000), permanent]));
      if (permanent) {
        if (m.kind === 'document' && m.outgoing_document_id) await this.markRecipient(orgId, m, 'failed', (error as Error).message);
        this.log.warn(`package ${m.message_id} to ${m.peer_organ_id} refused by the transport: ${(error as Error).message}`);
        return 'refused';
      }
      throw error;
    }
    await this.txHost.withTransaction(async () => {
      await this.repo.rows(`UPDATE exchange_messages SET state = 'sent', sent_at = $3, attempts = attempts + 1, last_error = NULL
          WHERE organization_id = $1 AND id = $2 AND state = 'pending'`, [orgId, m.id, this.clock.now().toISOString()]);
      if (m.kind === 'document' && m.outgoing_document_id) await this.markRecipient(orgId, m, 'sent', null);
    });
    return 'sent';
  }

  /**
   * Packages still pending long after they were queued (their job used up its attempts while the axis was down, or
   * they were queued before a transport was configured) are sent again from the poll — nothing waits forever.
   */
  async sweep(limit = 20): Promise<number> {
    if (this.transport.name === 'off') return 0;
    const stale = await this.txHost.withTransaction(() => this.repo.rows0<{ id: string; organization_id: string }>(
      `SELECT id, organization_id FROM exchange_messages WHERE direction = 'out' AND state = 'pending' AND created_at < now() - interval '2 minutes'
        ORDER BY created_at LIMIT ${Math.max(1, Math.min(limit, 100))}`));
    let sent = 0;
    for (const r of stale) {
      try {
        if ((await this.send(r.organization_id, r.id)) === 'sent') sent++;
      } catch (error) {
        this.log.warn(`resend of ${r.id} failed, next poll retries: ${(error as Error).message}`);
      }
    }
    return sent;
  }

  private async markRecipient(orgId: string, m: MessageRow, status: 'sent' | 'failed', description: string | null) {
    await this.repo.rows(`UPDATE exchange_recipients SET status = $4, description = $5, status_at = now()
        WHERE organization_id = $1 AND outgoing_document_id = $2 AND organ_id = $3 AND status IN ('sending', 'sent', 'failed')`,
      [orgId, m.outgoing_document_id, m.peer_organ_id, status, description?.slice(0, 500) ?? null]);
  }

  private orgOf(orgId: string): Promise<OrgIdentity> {
    return this.txHost.withTransaction(() => this.repo.org(orgId));
  }

  private async buildSigned(m: MessageRow): Promise<string> {
    const orgId = m.organization_id;
    const key = await this.keys.keyFor(orgId, { kind: 'agency' });
    const xml = m.kind === 'status'
      ? buildStatusMessage(m.payload as unknown as EdxmlStatus)
      : buildEdxmlMessage(await this.documentOf(m));
    return signEdxml(xml, { privateKeyPem: key.privateKeyPem, certificatePem: key.certificatePem });
  }

  private async documentOf(m: MessageRow): Promise<EdxmlDocument> {
    const orgId = m.organization_id;
    const o = await this.repo.org(orgId);
    const [doc] = await this.repo.rows<IssuedRow>(
      `SELECT d.id, d.symbol, d.number, to_char(d.issued_date, 'YYYY-MM-DD') AS issued_date, d.document_type, d.summary, d.urgency,
              to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.file_id, d.signature_block, u.position_title AS signer_position
         FROM outgoing_documents d LEFT JOIN users u ON u.id = d.signed_by_user_id
        WHERE d.organization_id = $1 AND d.id = $2`, [orgId, m.outgoing_document_id]);
    if (!doc?.file_id) throw new PermanentTransportError('the issued document has no file to send');
    const [recipient] = await this.repo.rows<{ name: string | null }>(
      `SELECT name FROM exchange_recipients WHERE organization_id = $1 AND outgoing_document_id = $2 AND organ_id = $3`, [orgId, doc.id, m.peer_organ_id]);
    const others = await this.repo.rows<{ name: string }>(
      `SELECT coalesce(r.name, o.name, dep.name) AS name FROM outgoing_document_recipients r
         LEFT JOIN organizations o ON o.id = r.recipient_organization_id LEFT JOIN departments dep ON dep.organization_id = r.organization_id AND dep.id = r.department_id
        WHERE r.organization_id = $1 AND r.outgoing_document_id = $2 ORDER BY r.position`, [orgId, doc.id]);
    const pdf = await this.files.readVerified(orgId, doc.file_id);
    const block = doc.signature_block ?? { lines: [], name: '' };
    const recall = m.kind === 'recall';
    return {
      from: { organId: o.code, organName: o.name },
      to: [{ organId: m.peer_organ_id, organName: recipient?.name ?? m.peer_organ_id }],
      code: splitSymbol(doc.symbol),
      promulgationInfo: { place: o.place_name, promulgationDate: doc.issued_date },
      documentType: edxmlDocumentType(doc.document_type),
      subject: doc.summary,
      signerInfo: { competence: block.lines[0] ?? '', position: doc.signer_position ?? block.lines[block.lines.length - 1] ?? '', fullName: block.name },
      ...(doc.due_date ? { dueDate: doc.due_date } : {}),
      toPlaces: others.map((x) => x.name).filter(Boolean),
      otherInfo: { priority: (PRIORITY_OF[doc.urgency] ?? 0) as 0 | 1 | 2 | 3 },
      documentId: m.document_id,
      traceHeaders: [{ organId: o.code, timestamp: edxmlTimestamp(this.clock.now()) }],
      business: recall
        ? { businessDocType: 1, businessDocReason: m.description ?? 'Thu hồi văn bản', documentId: m.document_id }
        : { businessDocType: 0 },
      attachments: [{ contentId: 'cid:vanban-1', contentType: 'application/pdf', fileName: `${doc.symbol.replace(/\//g, '-')}.pdf`, data: pdf }],
    };
  }
}
