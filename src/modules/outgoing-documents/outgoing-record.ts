import type { SignatureBlockData } from '../signing/signing-authority';
import type { OutgoingDocumentResponseDto } from './dto/outgoing-document.dto';

export const STATE_SECRET_LEVELS = ['secret', 'top_secret', 'absolute_secret'];
/** State secrets are metadata only on this networked system (DESIGN 11, Law 117/2025). */
export const isStateSecret = (level: string) => STATE_SECRET_LEVELS.includes(level);

export interface OutgoingRow {
  id: string;
  organization_id: string;
  document_type: string;
  summary: string;
  department_id: string;
  created_by_user_id: string;
  reviewer_id: string | null;
  signer_id: string | null;
  status: 'draft' | 'in_review' | 'awaiting_signature' | 'signed' | 'issued';
  urgency: string;
  confidentiality: string;
  due_date: string | null;
  reply_to_incoming_id: string | null;
  draft_file_id: string | null;
  draft_version: number;
  review_note: string | null;
  return_reason: string | null;
  authority: string | null;
  signature_block: SignatureBlockData | null;
  signed_by_user_id: string | null;
  on_behalf_of_user_id: string | null;
  delegation_id: string | null;
  signed_at: Date | null;
  register_id: string | null;
  number: number | null;
  symbol: string | null;
  issued_date: string | null;
  number_assigned_at: Date | null;
  issued_at: Date | null;
  issued_by_user_id: string | null;
  file_id: string | null;
  file_sha256: string | null;
  /** The signer's signed copy (signature block and image, the signer's PAdES signature); null before signing. */
  signed_file_id: string | null;
  /** Structured content of a composed document (instead of a draft file). */
  content: { basis?: string[]; paragraphs: string[]; articles?: string[]; extraRecipients?: string[] } | null;
  status_changed_at: Date;
  created_at: Date;
  updated_at: Date;
  legacy?: boolean;
  legacy_label?: string | null;
}

export interface RecipientRow {
  outgoing_document_id: string;
  position: number;
  type: 'department' | 'organization' | 'external';
  department_id: string | null;
  recipient_organization_id: string | null;
  name: string | null;
  code: string | null;
  delivery_status: 'pending' | 'delivered' | 'awaiting_exchange';
  incoming_document_id: string | null;
}

/** Business dates come back as text so no time zone can shift them. */
export const OUTGOING_COLUMNS = `d.*, d.due_date::text AS due_date, d.issued_date::text AS issued_date`;

/** The CASL subject of a document (outgoing-documents.policy.ts, signing.policy.ts). */
export const outgoingSubject = (r: OutgoingRow) => ({
  organizationId: r.organization_id, createdByUserId: r.created_by_user_id, departmentId: r.department_id, reviewerId: r.reviewer_id,
  signerId: r.signer_id, signedByUserId: r.signed_by_user_id, status: r.status, documentType: r.document_type,
});

/** SQL for list filters (accessibleSql), over `d`. */
export const OUTGOING_FIELDS = {
  organizationId: 'd.organization_id', createdByUserId: 'd.created_by_user_id', departmentId: 'd.department_id', reviewerId: 'd.reviewer_id',
  signerId: 'd.signer_id', signedByUserId: 'd.signed_by_user_id', status: 'd.status', documentType: 'd.document_type',
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toOutgoingResponse(r: OutgoingRow, recipients: RecipientRow[]): OutgoingDocumentResponseDto {
  return {
    id: r.id, documentType: r.document_type, summary: r.summary, departmentId: r.department_id, createdByUserId: r.created_by_user_id,
    reviewerId: r.reviewer_id, signerId: r.signer_id, status: r.status, urgency: r.urgency, confidentiality: r.confidentiality,
    dueDate: r.due_date, replyToIncomingId: r.reply_to_incoming_id, content: r.content ?? null,
    recipients: recipients.map((x) => ({
      type: x.type, departmentId: x.department_id, organizationId: x.recipient_organization_id, name: x.name, code: x.code,
      organId: x.type === 'external' ? x.code : null,
      deliveryStatus: x.delivery_status, incomingDocumentId: x.incoming_document_id,
    })),
    draftFileId: r.draft_file_id, draftVersion: r.draft_version, returnReason: r.return_reason, authority: r.authority,
    signatureBlock: r.signature_block, signedByUserId: r.signed_by_user_id, onBehalfOfUserId: r.on_behalf_of_user_id,
    signedAt: iso(r.signed_at), registerId: r.register_id, number: r.number,
    symbol: r.symbol, issuedDate: r.issued_date,
    issuedAt: iso(r.issued_at), fileId: r.file_id, fileSha256: r.file_sha256, createdAt: iso(r.created_at) as string, updatedAt: iso(r.updated_at) as string,
    legacy: !!r.legacy, legacyLabel: r.legacy_label ?? null,
  };
}
