import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { isLeader, isOfficeClerk } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState, validationFailed } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { DOCUMENT_TYPE_KEYS } from '../catalogs/document-types';
import { FilesService } from '../files/files.service';
import type { StoredFile } from '../files/files.types';
import { CreateOutgoingDocumentDto, OutgoingContentDto, OutgoingDocumentResponseDto, RecipientDto, UpdateOutgoingDocumentDto } from './dto/outgoing-document.dto';
import { confidentialRefused, immutable, OutgoingDocumentsRepository, WHAT } from './outgoing-documents.repository';
import { OutgoingQueriesService } from './outgoing-queries.service';
import { isStateSecret, OutgoingRow, outgoingSubject } from './outgoing-record';

/** Trimmed lines, empty ones dropped. */
const cleanContent = (c: OutgoingContentDto) => {
  const lines = (xs?: string[]) => (xs ?? []).map((x) => x.trim()).filter(Boolean);
  return { basis: lines(c.basis), paragraphs: lines(c.paragraphs), articles: lines(c.articles), extraRecipients: lines(c.extraRecipients) };
};

/** Drafting: create a draft, edit it, add file versions (only while it is a draft). */
@Injectable()
export class OutgoingDraftingService {
  constructor(
    private readonly repo: OutgoingDocumentsRepository,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly files: FilesService,
    private readonly queries: OutgoingQueriesService,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateOutgoingDocumentDto, upload: StoredFile | null, source: StoredFile | null = null): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'create', 'OutgoingDocument', { organizationId: orgId });
    if (!DOCUMENT_TYPE_KEYS.includes(dto.documentType)) throw validationFailed('documentType', `Loại văn bản "${dto.documentType}" không có. Xem GET /document-types.`);
    const [dept] = await this.repo.rows<{ id: string }>(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, dto.departmentId]);
    if (!dept) throw validationFailed('departmentId', 'Đơn vị soạn thảo không tồn tại.');
    const mine = actor.roles.some((r) => r.departmentId === dto.departmentId);
    if (!mine && !isLeader(actor) && !isOfficeClerk(actor)) {
      throw new DomainError('FORBIDDEN', 'Bạn chỉ soạn thảo văn bản cho phòng ban mình công tác.');
    }
    if (dto.signerId) await this.repo.userInOrg(orgId, dto.signerId, 'signerId');
    const confidentiality = dto.confidentiality ?? 'normal';
    let file = upload;
    if (!file && dto.fileId) {
      file = await this.files.findById(orgId, dto.fileId);
      if (!file) throw validationFailed('fileId', 'Tệp không tồn tại hoặc không thuộc đơn vị.');
    }
    if (file && isStateSecret(confidentiality)) throw confidentialRefused();
    if (file && dto.content) throw validationFailed('content', 'Dự thảo có tệp thì không gửi kèm nội dung có cấu trúc (chọn một trong hai).');
    if (dto.content && isStateSecret(confidentiality)) throw confidentialRefused();
    const recipients = await this.checkRecipients(orgId, dto.recipients ?? []);
    const now = this.clock.now();
    const [row] = await this.repo.rows<{ id: string }>(
      `INSERT INTO outgoing_documents (organization_id, document_type, summary, department_id, created_by_user_id, signer_id, urgency,
         confidentiality, due_date, reply_to_incoming_id, draft_file_id, draft_version, status_changed_at, created_at, updated_at, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13, $14) RETURNING id`,
      [orgId, dto.documentType, dto.summary.trim(), dto.departmentId, actor.userId, dto.signerId ?? null, dto.urgency ?? 'normal',
        confidentiality, dto.dueDate ?? null, dto.replyToIncomingId ?? null, file?.id ?? null, file ? 1 : 0, now,
        dto.content ? JSON.stringify(cleanContent(dto.content)) : null],
    );
    if (file) await this.repo.addVersion(orgId, row.id, 1, file, actor.userId, upload ? source : null);
    await this.repo.writeRecipients(orgId, row.id, recipients);
    const sourceFileId = upload && source ? source.id : null;
    await this.repo.history(orgId, row.id, 'created', actor, { to: 'draft', data: { fileId: file?.id ?? null, sourceFileId } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.created', entityType: 'OutgoingDocument', entityId: row.id,
      data: { documentType: dto.documentType, departmentId: dto.departmentId, fileId: file?.id ?? null, sourceFileId } });
    return this.queries.get(actor, row.id);
  }


  async checkRecipients(orgId: string, list: RecipientDto[]): Promise<RecipientDto[]> {
    const out: RecipientDto[] = [];
    for (const [i, r] of list.entries()) {
      const field = `recipients.${i}`;
      if (r.type === 'department') {
        if (!r.departmentId) throw validationFailed(`${field}.departmentId`, 'Nơi nhận là phòng ban: cần departmentId.');
        const [d] = await this.repo.rows(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, r.departmentId]);
        if (!d) throw validationFailed(`${field}.departmentId`, 'Phòng ban nhận không thuộc đơn vị.');
        out.push({ type: 'department', departmentId: r.departmentId });
      } else if (r.type === 'organization') {
        if (!r.organizationId) throw validationFailed(`${field}.organizationId`, 'Nơi nhận là cơ quan: cần organizationId.');
        if (r.organizationId === orgId) throw validationFailed(`${field}.organizationId`, 'Gửi trong đơn vị: chọn nơi nhận là phòng ban.');
        const [o] = await this.repo.rows(`SELECT id FROM organizations WHERE id = $1`, [r.organizationId]);
        if (!o) throw validationFailed(`${field}.organizationId`, 'Cơ quan nhận không có trong hệ thống.');
        out.push({ type: 'organization', organizationId: r.organizationId });
      } else {
        if (!r.name?.trim()) throw validationFailed(`${field}.name`, 'Nơi nhận bên ngoài: cần tên.');
        // organId (mã định danh, for the edXML exchange) and code are the same field; organId wins when both are given.
        out.push({ type: 'external', name: r.name.trim(), code: r.organId?.trim() || r.code?.trim() || undefined });
      }
    }
    return out;
  }


  /** Editable only while a draft; an issued document is immutable (409 OUTGOING_ISSUED_IMMUTABLE). */
  assertDraftEditable(actor: Actor, row: OutgoingRow) {
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'update', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người soạn thảo hoặc lãnh đạo đơn vị soạn thảo được sửa dự thảo.');
    if (row.status !== 'draft') throw invalidState('Chỉ sửa được khi văn bản đang là dự thảo (đã trình thì cần được trả lại trước).');
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateOutgoingDocumentDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id, true);
    this.assertDraftEditable(actor, row);
    if (dto.documentType && !DOCUMENT_TYPE_KEYS.includes(dto.documentType)) throw validationFailed('documentType', `Loại văn bản "${dto.documentType}" không có.`);
    if (dto.signerId) await this.repo.userInOrg(orgId, dto.signerId, 'signerId');
    if (dto.confidentiality && isStateSecret(dto.confidentiality) && row.draft_file_id) throw confidentialRefused();
    const set: Record<string, unknown> = {};
    if (dto.documentType !== undefined) set.document_type = dto.documentType;
    if (dto.summary !== undefined) set.summary = dto.summary.trim();
    if (dto.signerId !== undefined) set.signer_id = dto.signerId;
    if (dto.urgency !== undefined) set.urgency = dto.urgency;
    if (dto.confidentiality !== undefined) set.confidentiality = dto.confidentiality;
    if (dto.dueDate !== undefined) set.due_date = dto.dueDate;
    if (dto.replyToIncomingId !== undefined) set.reply_to_incoming_id = dto.replyToIncomingId;
    if (dto.content !== undefined) {
      if (isStateSecret(dto.confidentiality ?? row.confidentiality)) throw confidentialRefused();
      set.content = JSON.stringify(cleanContent(dto.content));
    }
    if (Object.keys(set).length) await this.repo.transition(orgId, id, ['draft'], 'draft', set);
    if (dto.recipients) await this.repo.writeRecipients(orgId, id, await this.checkRecipients(orgId, dto.recipients));
    const changed = [...Object.keys(dto)];
    await this.repo.history(orgId, id, 'updated', actor, { data: { fields: changed } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.updated', entityType: 'OutgoingDocument', entityId: id, data: { fields: changed } });
    return this.queries.get(actor, id);
  }

  async assertCanAddFile(actor: Actor, id: string): Promise<void> {
    const row = await this.repo.loadReadable(actor, id);
    this.assertDraftEditable(actor, row);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
  }

  /** A new version of the draft file (versions are kept: outgoing_document_files); `source`: the .docx it came from. */
  @Transactional()
  async addFile(actor: Actor, id: string, file: StoredFile | null, fileId?: string, source: StoredFile | null = null): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.repo.loadReadable(actor, id, true);
    this.assertDraftEditable(actor, row);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
    let f = file;
    if (!f && fileId) f = await this.files.findById(orgId, fileId);
    if (!f) throw validationFailed('file', 'Hãy đính kèm tệp PDF dự thảo trong trường "file" (hoặc fileId).');
    const version = row.draft_version + 1;
    await this.repo.transition(orgId, id, ['draft'], 'draft', { draft_file_id: f.id, draft_version: version });
    const src = file ? source : null;
    await this.repo.addVersion(orgId, id, version, f, actor.userId, src);
    await this.repo.history(orgId, id, 'file_added', actor, { data: { version, fileId: f.id, sourceFileId: src?.id ?? null } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.file_added', entityType: 'OutgoingDocument', entityId: id,
      data: { version, fileId: f.id, sourceFileId: src?.id ?? null } });
    return this.queries.get(actor, id);
  }

}
