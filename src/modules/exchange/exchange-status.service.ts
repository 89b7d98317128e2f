import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { EdxmlStatus, EdxmlStatusCode, edxmlTimestamp } from './edxml-port';
import { STATUS_RANK, STATUS_TEXT, STATUS_WORDS } from './exchange-codes';
import { ExchangeRepository, InboundLink } from './exchange.repository';

/**
 * Status packages (QCVN 102, DOMAIN §2.4) in both directions. Receiving side: the incoming workflow's steps queue
 * 01 … 06 (and 02, 15, 16) to the sender through the outbox. Sending side: a status package that arrives moves the
 * recipient's status on the issued document forward, never back (packages may come late, twice or out of order).
 */
@Injectable()
export class ExchangeStatusService {
  private readonly log = new Logger(ExchangeStatusService.name);

  constructor(
    private readonly repo: ExchangeRepository,
    private readonly clock: Clock,
  ) {}

  /** Queues a status for an incoming document that came over the exchange; documents from elsewhere are ignored. */
  async queueForIncoming(orgId: string, incomingDocumentId: string, code: EdxmlStatusCode, opts: { description?: string; actorUserId?: string | null; once?: boolean } = {}): Promise<boolean> {
    const link = await this.repo.linkOfIncoming(orgId, incomingDocumentId);
    if (!link) return false;
    if (opts.once && (await this.repo.statusQueued(orgId, incomingDocumentId, code))) return false;
    await this.queueForLink(orgId, link, code, opts.description ?? STATUS_TEXT[code], opts.actorUserId ?? null);
    return true;
  }

  async queueForLink(orgId: string, link: InboundLink, code: EdxmlStatusCode, description: string, actorUserId: string | null): Promise<void> {
    const o = await this.repo.org(orgId);
    let staff: string | undefined;
    if (actorUserId) {
      const [u] = await this.repo.rows<{ full_name: string }>(`SELECT full_name FROM users WHERE organization_id = $1 AND id = $2`, [orgId, actorUserId]);
      staff = u?.full_name;
    }
    const status = this.repo.statusFor(o, link, code, description, edxmlTimestamp(this.clock.now()), staff);
    await this.repo.queueOut(orgId, {
      kind: 'status', peerOrganId: link.sender_organ_id, documentId: link.document_id, statusCode: code, description,
      incomingDocumentId: link.incoming_document_id || null, payload: status,
    });
  }

  /** A status package for one of our issued documents: update that recipient (by its mã định danh and the DocumentId). */
  async apply(orgId: string, s: EdxmlStatus, at: Date): Promise<boolean> {
    const code = s.statusCode;
    const rank = STATUS_RANK[code] ?? 0;
    const entry = JSON.stringify([{ statusCode: code, description: s.description ?? null, at: at.toISOString(), timestamp: s.timestamp ?? null }]);
    const updated = await this.repo.rows<{ organ_id: string }>(
      `UPDATE exchange_recipients SET
          history = history || $5::jsonb,
          status = CASE WHEN $6::numeric > coalesce((SELECT r FROM (VALUES ${rankValues()}) v(k, r) WHERE v.k = coalesce(status_code, status)), 0) THEN $3 ELSE status END,
          description = CASE WHEN $6::numeric > coalesce((SELECT r FROM (VALUES ${rankValues()}) v(k, r) WHERE v.k = coalesce(status_code, status)), 0) THEN $7 ELSE description END,
          status_at = CASE WHEN $6::numeric > coalesce((SELECT r FROM (VALUES ${rankValues()}) v(k, r) WHERE v.k = coalesce(status_code, status)), 0) THEN $8 ELSE status_at END,
          status_code = CASE WHEN $6::numeric > coalesce((SELECT r FROM (VALUES ${rankValues()}) v(k, r) WHERE v.k = coalesce(status_code, status)), 0) THEN $4 ELSE status_code END
        WHERE organization_id = $1 AND document_id = $2 AND lower(organ_id) = lower($9)
        RETURNING organ_id`,
      [orgId, s.responseFor.documentId, STATUS_WORDS[code] ?? code, code, entry, rank, s.description ?? null, at.toISOString(), s.from.organId]);
    if (!updated.length) this.log.warn(`status ${code} from ${s.from.organId} for unknown document ${s.responseFor.documentId}`);
    return updated.length > 0;
  }
}

function rankValues(): string {
  return Object.entries(STATUS_RANK).map(([k, r]) => `('${k}', ${r}::numeric)`).join(', ');
}
