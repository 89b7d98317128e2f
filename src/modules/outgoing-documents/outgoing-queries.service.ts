import { Inject, Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../../common/auth/actor';
import { accessibleSql } from '../../common/authz/accessible-sql';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState, notFound } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FilesService } from '../files/files.service';
import type { StoredFile } from '../files/files.types';
import type { VerificationResult } from '../signing/verification';
import { SignatureVerifier } from '../signing/signature-verifier.service';
import { ListOutgoingQueryDto, OutgoingDocumentResponseDto } from './dto/outgoing-document.dto';
import { confidentialRefused, OutgoingDocumentsRepository, WHAT } from './outgoing-documents.repository';
import { isStateSecret, OUTGOING_COLUMNS, OUTGOING_FIELDS, OutgoingRow, outgoingSubject, toOutgoingResponse } from './outgoing-record';

/** Reading: one document with its versions and history, lists, the file, signature verification. */
@Injectable()
export class OutgoingQueriesService {
  constructor(
    private readonly repo: OutgoingDocumentsRepository,
    private readonly authz: AuthzService,
    private readonly files: FilesService,
    private readonly verifier: SignatureVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(actor: Actor, id: string): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id);
    // Sequential on purpose: inside an idempotent POST this runs in a transaction, on one pg client.
    const recipients = await this.repo.recipientsOf(orgId, [id]);
    const versions = await this.repo.rows<{ version: number; file_id: string; file_name: string | null; uploaded_by_user_id: string; created_at: Date;
        source_file_id: string | null; source_file_name: string | null }>(
        `SELECT v.version, v.file_id, v.file_name, v.uploaded_by_user_id, v.created_at, v.source_file_id, s.file_name AS source_file_name
           FROM outgoing_document_files v LEFT JOIN files s ON s.organization_id = v.organization_id AND s.id = v.source_file_id
          WHERE v.organization_id = $1 AND v.outgoing_document_id = $2 ORDER BY v.version`, [orgId, id]);
    const history = await this.repo.rows<{ action: string; actor_user_id: string; on_behalf_of_user_id: string | null; from_status: string | null; to_status: string | null;
        note: string | null; data: Record<string, unknown> | null; created_at: Date }>(
        `SELECT action, actor_user_id, on_behalf_of_user_id, from_status, to_status, note, data, created_at FROM outgoing_document_history
          WHERE organization_id = $1 AND outgoing_document_id = $2 ORDER BY seq`, [orgId, id]);
    const exchange = await this.repo.rows<{ organ_id: string; name: string | null; status: string; status_code: string | null; description: string | null;
        status_at: Date; document_id: string }>(
        `SELECT organ_id, name, status, status_code, description, status_at, document_id FROM exchange_recipients
          WHERE organization_id = $1 AND outgoing_document_id = $2 ORDER BY organ_id`, [orgId, id]);
    return {
      ...toOutgoingResponse(row, recipients),
      exchange: exchange.map((x) => ({ organId: x.organ_id, name: x.name, status: x.status, statusCode: x.status_code, description: x.description,
        at: new Date(x.status_at).toISOString(), documentId: x.document_id })),
      versions: versions.map((v) => ({ version: v.version, fileId: v.file_id, fileName: v.file_name, uploadedByUserId: v.uploaded_by_user_id,
        createdAt: new Date(v.created_at).toISOString(), sourceFileId: v.source_file_id, sourceFileName: v.source_file_name })),
      history: history.map((h) => ({ action: h.action, actorUserId: h.actor_user_id, onBehalfOfUserId: h.on_behalf_of_user_id, fromStatus: h.from_status,
        toStatus: h.to_status, note: h.note, data: h.data, createdAt: new Date(h.created_at).toISOString() })),
    };
  }

  async list(actor: Actor, q: ListOutgoingQueryDto): Promise<Page<OutgoingDocumentResponseDto>> {
    const orgId = actor.orgId as string;
    const filter = accessibleSql(actor.ability, 'read', 'OutgoingDocument', OUTGOING_FIELDS, 2);
    const conds = ['d.organization_id = $1', filter.sql];
    const params: unknown[] = [orgId, ...filter.params];
    if (q.status) conds.push(`d.status = $${params.push(q.status)}`);
    if (q.documentType) conds.push(`d.document_type = $${params.push(q.documentType)}`);
    // Every word must appear in the unaccented text (migration AddLegacyImports), as for incoming documents.
    for (const word of (q.q ?? '').normalize('NFC').split(/\s+/).filter(Boolean).slice(0, 10)) {
      conds.push(`d.search_text LIKE '%' || f_unaccent(lower($${params.push(word.replace(/[\\%_]/g, (c) => `\\${c}`))})) || '%'`);
    }
    const where = conds.join(' AND ');
    const rows = await this.repo.rows<OutgoingRow>(
      `SELECT ${OUTGOING_COLUMNS} FROM outgoing_documents d WHERE ${where} ORDER BY d.created_at DESC, d.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, q.pageSize, offsetOf(q)]);
    const [{ count }] = await this.repo.rows<{ count: number }>(`SELECT count(*)::int AS count FROM outgoing_documents d WHERE ${where}`, params);
    const recipients = await this.repo.recipientsOf(orgId, rows.map((r) => r.id));
    return {
      items: rows.map((r) => toOutgoingResponse(r, recipients.filter((x) => x.outgoing_document_id === r.id))),
      total: count, page: q.page, pageSize: q.pageSize,
    };
  }

  /** The issued PDF once issued; the signer's signed copy once signed; else the current draft version. */
  async fileFor(actor: Actor, id: string): Promise<{ file: StoredFile; downloadName: string }> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
    const fileId = row.status === 'issued' ? row.file_id : (row.signed_file_id ?? row.draft_file_id);
    const file = fileId ? await this.files.findById(orgId, fileId) : null;
    if (!file) throw notFound('Tệp của văn bản');
    const name = row.status === 'issued' ? `${(row.symbol as string).replace(/\//g, '-')}.pdf` : file.fileName;
    return { file, downloadName: name };
  }

  /** The original Word file of a draft version (the latest version by default); 404 when that version was a PDF. */
  async sourceFileFor(actor: Actor, id: string, version?: number): Promise<{ file: StoredFile; downloadName: string }> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
    const [v] = await this.repo.rows<{ source_file_id: string | null }>(
      `SELECT source_file_id FROM outgoing_document_files WHERE organization_id = $1 AND outgoing_document_id = $2 AND version = $3`,
      [orgId, id, version ?? row.draft_version]);
    const file = v?.source_file_id ? await this.files.findById(orgId, v.source_file_id) : null;
    if (!file) throw notFound('Tệp Word gốc của phiên bản dự thảo');
    return { file, downloadName: file.fileName };
  }

  async verify(actor: Actor, id: string): Promise<VerificationResult & { storedFileIntact: boolean }> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id);
    this.authz.assert(actor, 'verify', 'OutgoingDocument', outgoingSubject(row), WHAT);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
    if (row.status !== 'issued' || !row.file_id) throw invalidState('Văn bản chưa phát hành nên chưa có chữ ký số để kiểm tra.');
    try {
      return { ...(await this.verifier.verify(await this.files.readVerified(orgId, row.file_id))), storedFileIntact: true };
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code as string) !== 'FILE_INTEGRITY_FAILED') throw e;
    }
    // The stored bytes no longer match their hash: report what the signatures say about the bytes actually stored.
    // (FilesService has no unverified read; the content-addressed layout is FILES_DIR/sha256/ab/cd/<sha256>.)
    const sha = row.file_sha256 as string;
    const raw = await readFile(join(this.config.filesDir, 'sha256', sha.slice(0, 2), sha.slice(2, 4), sha)).catch(() => null);
    if (!raw) return { valid: false, modifiedAfterLastSignature: false, revisions: 0, signatures: [], storedFileIntact: false };
    const report = await this.verifier.verify(raw);
    return { ...report, valid: false, storedFileIntact: false };
  }
}
