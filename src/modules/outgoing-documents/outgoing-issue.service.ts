import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState, validationFailed } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { localDate, localYear } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import { documentType } from '../catalogs/document-types';
import { FilesService } from '../files/files.service';
import type { StoredFile } from '../files/files.types';
import { formatNumberLine, formatPlaceDateLine, formatSymbol } from '../files/pdf/decree30-format';
import { RegistersService } from '../registers/registers.service';
import { PdfWorkPool } from '../signing/pdf-work/pdf-work-pool';
import { SIGNATURE_PROVIDER, SignatureProvider } from '../signing/signature-provider';
import { SigningKeysService } from '../signing/signing-keys.service';
import { WorkflowEvents } from '../routing/workflow-events';
import { IssueOutgoingDto, OutgoingDocumentResponseDto } from './dto/outgoing-document.dto';
import { InternalDelivery } from './internal-delivery';
import { OrgRow, OutgoingDocumentsRepository, WHAT } from './outgoing-documents.repository';
import { OutgoingCompositionService } from './outgoing-composition.service';
import { OutgoingQueriesService } from './outgoing-queries.service';
import { isStateSecret, OutgoingRow, outgoingSubject } from './outgoing-record';

/** Issue: number and date from the register, the final signed PDF, delivery to internal recipients. */
@Injectable()
export class OutgoingIssueService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: OutgoingDocumentsRepository,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly files: FilesService,
    private readonly registers: RegistersService,
    private readonly keys: SigningKeysService,
    private readonly delivery: InternalDelivery,
    @Inject(SIGNATURE_PROVIDER) private readonly signatures: SignatureProvider,
    private readonly pdfWork: PdfWorkPool,
    private readonly queries: OutgoingQueriesService,
    private readonly composition: OutgoingCompositionService,
    private readonly events: WorkflowEvents,
  ) {}

  /**
   * Numbering, final PDF and delivery, in three steps:
   * 1. one short transaction allocates the number (the gapless counter row, RegistersService.allocateNumber) and records
   *    it WITH THE DOCUMENT (number, symbol, date, register) — the counter lock is held for milliseconds;
   * 2. outside any transaction: render the number line, date line, signature block and images, then the signer's and
   *    the agency's PAdES signatures (the CPU-heavy part, tens of milliseconds per 3-page document);
   * 3. one short transaction stores the file, marks the document issued and delivers to internal recipients.
   * Why not one transaction: the number must be drawn into the PDF before it is signed, so a single transaction would
   * hold the register's counter lock through rendering and two signatures, serialising every issue in a register
   * (and the organization's audit-chain lock) behind the PDF work. Split this way, issues of one register overlap and
   * scale with CPU (worker threads or more API replicas). A failure after step 1 neither loses nor reuses the number:
   * it stays on the document (a database trigger forbids changing it), and issuing again resumes with the same
   * number and date. A crash leaves a visible `signed` document with its number, never a silent gap.
   */
  async issue(actor: Actor, id: string, dto: IssueOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const reserved = await this.txHost.withTransaction(() => this.reserveNumber(actor, id, dto));
    const o = await this.repo.org(actor.orgId as string);
    const pdf = isStateSecret(reserved.confidentiality) ? null : await this.renderAndSign(reserved, o);
    return this.txHost.withTransaction(() => this.completeIssue(actor, reserved, o, pdf));
  }

  private async reserveNumber(actor: Actor, id: string, dto: IssueOutgoingDto): Promise<OutgoingRow> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id, true);
    this.authz.assert(actor, 'issue', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ văn thư của Văn phòng (văn thư cơ quan) được cấp số và phát hành văn bản.');
    if (row.status === 'issued') throw invalidState(`Văn bản đã phát hành với số ${row.symbol}.`);
    if (row.status !== 'signed') throw invalidState('Chỉ phát hành được văn bản đã ký.');
    if (row.number !== null) return row; // resumed after a failure: the number stays with the document
    const now = this.clock.now();
    const issuedDate = localDate(now, actor.timeZone);
    const year = localYear(now, actor.timeZone);
    const confidential = isStateSecret(row.confidentiality);
    let register = dto.registerId ? await this.registers.findById(orgId, dto.registerId) : await this.registers.findDefault(orgId, 'outgoing', year, null, confidential);
    if (!register && !dto.registerId) {
      await this.registers.ensureAgencyDefaults(orgId, year);
      register = await this.registers.findDefault(orgId, 'outgoing', year, null, confidential);
    }
    if (!register) throw validationFailed('registerId', 'Sổ văn bản không tồn tại.');
    if (register.legacy) {
      throw new DomainError('BUSINESS_RULE', `Sổ "${register.name}" là sổ của đơn vị cũ nhập khi bàn giao, chỉ để tra cứu; hãy chọn sổ văn bản đi của cơ quan.`, [{ field: 'registerId' }]);
    }
    if (register.kind !== 'outgoing' || register.year !== year || register.departmentId !== null) {
      throw new DomainError('BUSINESS_RULE', `Hãy chọn sổ văn bản đi của cơ quan năm ${year}.`, [{ field: 'registerId' }]);
    }
    if (register.confidential !== confidential) {
      throw new DomainError('BUSINESS_RULE', confidential ? 'Văn bản mật phải vào sổ văn bản đi mật (hệ thống số riêng).' : 'Văn bản thường không vào sổ văn bản mật.', [{ field: 'registerId' }]);
    }
    if (register.documentTypes?.length && !register.documentTypes.includes(row.document_type)) {
      throw new DomainError('BUSINESS_RULE', `Sổ "${register.name}" không dùng cho ${documentType(row.document_type).name}.`, [{ field: 'registerId' }]);
    }
    const o = await this.repo.org(orgId);
    const [dept] = await this.repo.rows<{ code: string }>(`SELECT code FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, row.department_id]);
    const number = await this.registers.allocateNumber(orgId, register.id, year);
    const symbol = formatSymbol({ number, abbreviation: documentType(row.document_type).abbreviation, agencyShortName: o.short_name, unitCode: dept.code.toUpperCase() });
    const [, count] = (await this.repo.db.query(
      `UPDATE outgoing_documents SET register_id = $3, number = $4, symbol = $5, issued_date = $6, number_assigned_at = $7, updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND status = 'signed' AND number IS NULL`,
      [orgId, id, register.id, number, symbol, issuedDate, now],
    )) as [unknown, number];
    if (!count) throw invalidState('Văn bản vừa được người khác cấp số; hãy tải lại.');
    const data = { registerId: register.id, year, number, symbol, issuedDate };
    await this.repo.history(orgId, id, 'number_assigned', actor, { data });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.number_assigned', entityType: 'OutgoingDocument', entityId: id, data });
    return { ...row, register_id: register.id, number, symbol, issued_date: issuedDate, number_assigned_at: now };
  }

  /**
   * Decree 30 order: the signer's copy was signed at `sign`; the number, the date and the seal are appended as an
   * incremental revision (the signer's signature keeps covering its own revision), then the agency signs the whole file.
   */
  async renderAndSign(row: OutgoingRow, o: OrgRow): Promise<Buffer> {
    if (!row.signed_file_id) return this.renderAndSignBoth(row, o);
    const orgId = row.organization_id;
    const block = row.signature_block as NonNullable<OutgoingRow['signature_block']>;
    // One after another: inside a transaction these share one pg client, which must never run two queries at once.
    const signed = await this.files.readVerified(orgId, row.signed_file_id);
    const signatureImage = await this.keys.signatureImage(orgId, row.signed_by_user_id as string);
    const sealImage = await this.keys.sealImage(orgId);
    const { placement } = await this.composition.prepared(row); // the same places as at sign (a composed document is composed again)
    const numbered = await this.pdfWork.issueRevision(signed, { // in-thread or on a PDF worker (PDF_WORKERS)
      placement,
      numberLine: formatNumberLine(row.symbol as string),
      placeDateLine: formatPlaceDateLine(o.place_name, row.issued_date as string),
      signatureBlock: block, signatureImage, sealImage,
    });
    return this.signAsAgency(numbered, row, o);
  }

  /** Documents signed before the signer's copy existed: everything drawn at once, then both signatures. */
  private async renderAndSignBoth(row: OutgoingRow, o: OrgRow): Promise<Buffer> {
    if (!row.draft_file_id) throw new DomainError('BUSINESS_RULE', 'Văn bản chưa có tệp dự thảo để phát hành.');
    const orgId = row.organization_id;
    const signerId = row.signed_by_user_id as string;
    const draft = await this.files.readVerified(orgId, row.draft_file_id);
    const signatureImage = await this.keys.signatureImage(orgId, signerId);
    const sealImage = await this.keys.sealImage(orgId);
    const block = row.signature_block as NonNullable<OutgoingRow['signature_block']>;
    const rendered = await this.pdfWork.render(draft, {
      numberLine: formatNumberLine(row.symbol as string),
      placeDateLine: formatPlaceDateLine(o.place_name, row.issued_date as string),
      signatureBlock: block, signatureImage, sealImage,
    });
    const bySigner = await this.signatures.sign({
      orgId, signer: { kind: 'person', userId: signerId }, pdf: rendered, name: block.name, location: o.place_name,
      reason: `${block.lines.join(' / ')} ký ${row.symbol}`, signingTime: row.signed_at ? new Date(row.signed_at) : this.clock.now(),
    });
    return this.signAsAgency(bySigner, row, o);
  }

  private signAsAgency(pdf: Buffer, row: OutgoingRow, o: OrgRow): Promise<Buffer> {
    return this.signatures.sign({
      orgId: row.organization_id, signer: { kind: 'agency' }, pdf, name: o.name, location: o.place_name,
      reason: `Phát hành văn bản số ${row.symbol}`, signingTime: this.clock.now(),
    });
  }

  private async completeIssue(actor: Actor, reserved: OutgoingRow, o: OrgRow, pdf: Buffer | null): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    // Rendering never adds pages: the issued file has the draft's page count, so it is not parsed again.
    const draft = pdf && reserved.draft_file_id ? await this.files.findById(orgId, reserved.draft_file_id) : null;
    const stored = pdf
      ? await this.files.storeBuffer(orgId, pdf, `${(reserved.symbol as string).replace(/\//g, '-')}.pdf`, actor.userId, draft ? { pageCount: draft.pageCount } : undefined)
      : null;
    const now = this.clock.now();
    await this.repo.transition(orgId, reserved.id, ['signed'], 'issued', {
      file_id: stored?.id ?? null, file_sha256: stored?.sha256 ?? null, issued_at: now, issued_by_user_id: actor.userId,
    });
    const deliveries = await this.deliver(actor, reserved, o, stored);
    const data = { number: reserved.number, symbol: reserved.symbol, issuedDate: reserved.issued_date, fileId: stored?.id ?? null, sha256: stored?.sha256 ?? null, deliveries };
    await this.repo.history(orgId, reserved.id, 'issued', actor, { from: 'signed', to: 'issued', data });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.issued', entityType: 'OutgoingDocument', entityId: reserved.id, data });
    await this.events.emit({ type: 'outgoing.issued', organizationId: orgId, documentId: reserved.id, actorUserId: actor.userId });
    return this.queries.get(actor, reserved.id);
  }

  /** Internal recipients receive it in the issuing transaction; external ones wait for the exchange (edXML, later). */
  private async deliver(actor: Actor, doc: OutgoingRow, o: OrgRow, file: StoredFile | null): Promise<Record<string, number>> {
    const orgId = actor.orgId as string;
    const recipients = await this.repo.recipientsOf(orgId, [doc.id]);
    const counts = { delivered: 0, awaitingExchange: 0, pending: 0 };
    if (!recipients.length) return counts;
    const [signer] = await this.repo.rows<{ full_name: string; position_title: string }>(
      `SELECT full_name, position_title FROM users WHERE id = $1`, [doc.signed_by_user_id]);
    const block = doc.signature_block as NonNullable<OutgoingRow['signature_block']>;
    for (const r of recipients) {
      if (r.type === 'external') {
        await this.repo.setDelivery(orgId, doc.id, r.position, 'awaiting_exchange', null);
        counts.awaitingExchange++;
        continue;
      }
      if (!this.delivery.available) {
        counts.pending++;
        continue;
      }
      const toOrg = r.type === 'department' ? orgId : (r.recipient_organization_id as string);
      const fileId = !file ? null : toOrg === orgId ? file.id : (await this.files.shareToOrganization(orgId, file.id, toOrg, actor.userId)).id;
      const result = await this.delivery.deliver({
        senderOrganizationId: orgId, senderName: o.name, senderCode: o.code, recipientOrganizationId: toOrg,
        recipientDepartmentId: r.type === 'department' ? r.department_id : null, outgoingDocumentId: doc.id, symbol: doc.symbol as string,
        documentType: doc.document_type, documentDate: doc.issued_date as string, summary: doc.summary, signerName: block.name,
        signerPosition: signer?.position_title || block.lines[block.lines.length - 1], urgency: doc.urgency, confidentiality: doc.confidentiality,
        fileId, actorUserId: actor.userId,
      });
      if (result) {
        await this.repo.setDelivery(orgId, doc.id, r.position, 'delivered', result.incomingDocumentId);
        counts.delivered++;
      } else counts.pending++;
    }
    return counts;
  }

}
