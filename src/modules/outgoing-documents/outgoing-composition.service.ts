import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { documentType } from '../catalogs/document-types';
import { FilesService } from '../files/files.service';
import { composeDocument } from '../files/pdf/compose-document';
import { type DraftPlacement, findComposedPlacement, findDraftAnchors, type LayoutProblem } from '../files/pdf/draft-anchors';
import { renderIssuedDocument } from '../files/pdf/issue-render';
import { formatNumberLine } from '../files/pdf/decree30-format';
import { confidentialRefused, OutgoingDocumentsRepository } from './outgoing-documents.repository';
import { isStateSecret, OutgoingRow } from './outgoing-record';

const URGENCY_MARKS: Record<string, string | null> = { normal: null, urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };
const SCOPE_MARKS: Record<string, string | null> = { restricted: 'Lưu hành nội bộ' };

/**
 * The document's content as a PDF before any number or signature: the uploaded draft, or — for a draft with structured
 * content — the whole Decree 30 document composed from it, the recipients and the drafting unit. And the preview.
 */
@Injectable()
export class OutgoingCompositionService {
  constructor(
    private readonly repo: OutgoingDocumentsRepository,
    private readonly files: FilesService,
  ) {}

  async contentPdf(row: OutgoingRow): Promise<Buffer> {
    return (await this.prepared(row)).pdf;
  }

  /**
   * The content PDF and, for an uploaded draft, where the number, date and signature block go (its own "Số:" line,
   * date line and free space); a composed document uses the Decree 30 layout positions (placement null).
   */
  async prepared(row: OutgoingRow): Promise<{ pdf: Buffer; placement: DraftPlacement | null }> {
    if (!row.draft_file_id) {
      // The signature block level with the "Nơi nhận:" the composer drew (Phụ lục I), found like a draft's.
      const pdf = await this.composed(row);
      return { pdf, placement: await findComposedPlacement(pdf) };
    }
    const file = await this.files.findById(row.organization_id, row.draft_file_id);
    const pdf = await this.files.readVerified(row.organization_id, row.draft_file_id);
    const { placement } = await findDraftAnchors(pdf, file?.pageCount ?? 1);
    return { pdf, placement };
  }

  /** What keeps an uploaded draft from being issued as it is: no "Số:" line, no date line, no room for the block. */
  async layoutProblems(row: OutgoingRow): Promise<LayoutProblem[]> {
    if (!row.draft_file_id || isStateSecret(row.confidentiality)) return [];
    const file = await this.files.findById(row.organization_id, row.draft_file_id);
    const pdf = await this.files.readVerified(row.organization_id, row.draft_file_id);
    try {
      return (await findDraftAnchors(pdf, file?.pageCount ?? 1)).problems;
    } catch {
      return [{ element: 'number', message: 'Không đọc được nội dung chữ của tệp dự thảo (tệp ảnh quét?): không xác định được chỗ điền số, ngày và chữ ký.' }];
    }
  }

  private async composed(row: OutgoingRow): Promise<Buffer> {
    const orgId = row.organization_id;
    if (!row.content) throw new DomainError('BUSINESS_RULE', 'Văn bản chưa có tệp dự thảo hoặc nội dung để trình bày.');
    const [org] = await this.repo.rows<{ name: string; parent_name: string | null }>(`SELECT name, parent_name FROM organizations WHERE id = $1`, [orgId]);
    const [dept] = await this.repo.rows<{ code: string }>(`SELECT code FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, row.department_id]);
    const type = documentType(row.document_type);
    return composeDocument({
      parentAgency: org.parent_name, agencyName: org.name, typeName: type.abbreviation === null ? null : type.name, summary: row.summary,
      isDecision: row.document_type === 'QUYET_DINH', basis: row.content.basis ?? [], paragraphs: row.content.paragraphs,
      articles: row.content.articles ?? [],
      recipients: [...(await this.recipientNames(row)), ...(row.content.extraRecipients ?? []), `Lưu: VT, ${dept.code.toUpperCase()}`],
      urgencyMark: URGENCY_MARKS[row.urgency] ?? null, confidentialityMark: SCOPE_MARKS[row.confidentiality] ?? null,
    });
  }

  /** Internal recipients by name (departments, organizations in the deployment), external ones as written. */
  private async recipientNames(row: OutgoingRow): Promise<string[]> {
    const names = await this.repo.rows<{ name: string }>(
      `SELECT COALESCE(dep.name, o.name, r.name) AS name FROM outgoing_document_recipients r
         LEFT JOIN departments dep ON dep.organization_id = r.organization_id AND dep.id = r.department_id
         LEFT JOIN organizations o ON o.id = r.recipient_organization_id
        WHERE r.organization_id = $1 AND r.outgoing_document_id = $2 ORDER BY r.position`, [row.organization_id, row.id]);
    return names.map((n) => n.name).filter(Boolean);
  }

  /** The document as it will be issued: number and date unfilled, the signature block without images or signatures. */
  async preview(actor: Actor, id: string): Promise<Buffer> {
    const row = await this.repo.loadReadable(actor, id);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
    if (row.status === 'issued' && row.file_id) return this.files.readVerified(row.organization_id, row.file_id);
    const o = await this.repo.org(row.organization_id);
    const type = documentType(row.document_type);
    const [dept] = await this.repo.rows<{ code: string }>(`SELECT code FROM departments WHERE organization_id = $1 AND id = $2`, [row.organization_id, row.department_id]);
    const symbol = type.abbreviation === null ? `${o.short_name}-${dept.code.toUpperCase()}` : `${type.abbreviation}-${o.short_name}`;
    const { pdf, placement } = await this.prepared(row);
    return renderIssuedDocument(pdf, {
      placement,
      numberLine: formatNumberLine(`…/${symbol}`),
      placeDateLine: `${o.place_name}, ngày … tháng … năm …`,
      signatureBlock: row.signature_block ?? await this.expectedBlock(row),
    });
  }

  private async expectedBlock(row: OutgoingRow): Promise<{ lines: string[]; name: string }> {
    const [u] = row.signer_id
      ? await this.repo.rows<{ full_name: string; position_title: string }>(`SELECT full_name, position_title FROM users WHERE organization_id = $1 AND id = $2`, [row.organization_id, row.signer_id])
      : [];
    return { lines: [u?.position_title || 'Người ký'], name: u?.full_name || '…' };
  }
}
