import { Inject, Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { isLeader, isOfficeClerk } from '../../common/auth/actor';
import { accessibleSql } from '../../common/authz/accessible-sql';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState, notFound, validationFailed } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { Clock } from '../../common/time/clock';
import { localDate, localYear } from '../../common/time/local-date';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { DOCUMENT_TYPE_KEYS, documentType } from '../catalogs/document-types';
import { FilesService } from '../files/files.service';
import type { StoredFile } from '../files/files.types';
import { formatNumberLine, formatPlaceDateLine, formatSymbol } from '../files/pdf/decree30-format';
import { RegistersService } from '../registers/registers.service';
import { PdfWorkPool } from '../signing/pdf-work/pdf-work-pool';
import { SIGNATURE_PROVIDER, SignatureProvider } from '../signing/signature-provider';
import {
  authorityWords, buildSignatureBlock, collectiveBodyName, delegationFor, describeAllowed, rolesOf, rulesFor, typeCovered,
} from '../signing/signing-authority';
import { SigningKeysService } from '../signing/signing-keys.service';
import { SignatureVerifier } from '../signing/signature-verifier.service';
import type { VerificationResult } from '../signing/verification';
import {
  ApproveOutgoingDto, CreateOutgoingDocumentDto, IssueOutgoingDto, ListOutgoingQueryDto, OutgoingDocumentResponseDto, RecipientDto,
  ReturnOutgoingDto, SignOutgoingDto, SubmitOutgoingDto, UpdateOutgoingDocumentDto,
} from './dto/outgoing-document.dto';
import { InternalDelivery } from './internal-delivery';
import {
  isStateSecret, OUTGOING_COLUMNS, OUTGOING_FIELDS, OutgoingRow, outgoingSubject, RecipientRow, toOutgoingResponse,
} from './outgoing-record';

const WHAT = 'Văn bản đi';
type Status = OutgoingRow['status'];

interface OrgRow {
  id: string;
  code: string;
  name: string;
  short_name: string;
  place_name: string;
}

const immutable = () =>
  new DomainError('OUTGOING_ISSUED_IMMUTABLE', 'Văn bản đã phát hành: số, ngày, người ký và tệp không được thay đổi. Muốn sửa nội dung, hãy ban hành văn bản thay thế hoặc đính chính.');

const confidentialRefused = () =>
  new DomainError('CONFIDENTIAL_CONTENT_REFUSED', 'Văn bản mật (Mật, Tối mật, Tuyệt mật) chỉ được quản lý thông tin trên hệ thống; không tải lên hay tải xuống nội dung.');

@Injectable()
export class OutgoingDocumentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly files: FilesService,
    private readonly registers: RegistersService,
    private readonly keys: SigningKeysService,
    private readonly delivery: InternalDelivery,
    @Inject(SIGNATURE_PROVIDER) private readonly signatures: SignatureProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pdfWork: PdfWorkPool,
    private readonly verifier: SignatureVerifier,
  ) {}

  private get db() {
    return this.txHost.tx;
  }

  private async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.db.query(sql, params)) as T[];
  }

  private async load(orgId: string, id: string, forUpdate = false): Promise<OutgoingRow | null> {
    if (!orgId) throw new Error('load: organization id is required');
    const [row] = await this.rows<OutgoingRow>(
      `SELECT ${OUTGOING_COLUMNS} FROM outgoing_documents d WHERE d.organization_id = $1 AND d.id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [orgId, id]);
    return row ?? null;
  }

  /** Loaded and readable by the caller (404 otherwise, so ids cannot be probed). */
  private async loadReadable(actor: Actor, id: string, forUpdate = false): Promise<OutgoingRow> {
    const row = await this.load(actor.orgId as string, id, forUpdate);
    if (!row) throw notFound(WHAT);
    this.authz.assert(actor, 'read', 'OutgoingDocument', outgoingSubject(row), WHAT);
    return row;
  }

  private async recipientsOf(orgId: string, ids: string[]): Promise<RecipientRow[]> {
    if (!ids.length) return [];
    return this.rows<RecipientRow>(
      `SELECT * FROM outgoing_document_recipients WHERE organization_id = $1 AND outgoing_document_id = ANY($2) ORDER BY position`, [orgId, ids]);
  }

  /** Guarded status change: 0 rows (someone changed it first) → 409 INVALID_STATE. */
  private async transition(orgId: string, id: string, from: Status[], to: Status, set: Record<string, unknown> = {}): Promise<void> {
    const cols = Object.keys(set);
    const params: unknown[] = [orgId, id, from, to, ...cols.map((c) => set[c])];
    const assignments = cols.map((c, i) => `${c} = $${i + 5}`);
    const result = (await this.db.query(
      `UPDATE outgoing_documents SET status = $4, status_changed_at = now(), updated_at = now(), version = version + 1
         ${assignments.length ? ', ' + assignments.join(', ') : ''}
       WHERE organization_id = $1 AND id = $2 AND status = ANY($3) RETURNING id`, params,
    )) as [unknown[], number];
    if (!result[1]) throw invalidState('Văn bản vừa được người khác xử lý; hãy tải lại để xem trạng thái mới.');
  }

  private async history(orgId: string, docId: string, action: string, actor: { userId: string }, e: {
    from?: Status | null; to?: Status | null; note?: string | null; data?: Record<string, unknown>; onBehalfOfUserId?: string | null;
  } = {}): Promise<void> {
    await this.db.query(
      `INSERT INTO outgoing_document_history (organization_id, outgoing_document_id, action, actor_user_id, on_behalf_of_user_id, from_status, to_status, note, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [orgId, docId, action, actor.userId, e.onBehalfOfUserId ?? null, e.from ?? null, e.to ?? null, e.note ?? null,
        e.data ? JSON.stringify(e.data) : null, this.clock.now()],
    );
  }

  private async org(orgId: string): Promise<OrgRow> {
    const [o] = await this.rows<OrgRow>(`SELECT id, code, name, short_name, place_name FROM organizations WHERE id = $1`, [orgId]);
    if (!o) throw notFound('Đơn vị');
    return o;
  }

  private async userInOrg(orgId: string, userId: string, field: string): Promise<{ id: string; full_name: string; position_title: string }> {
    const [u] = await this.rows<{ id: string; full_name: string; position_title: string; disabled: boolean }>(
      `SELECT id, full_name, position_title, disabled FROM users WHERE organization_id = $1 AND id = $2`, [orgId, userId]);
    if (!u) throw validationFailed(field, 'Người dùng không tồn tại trong đơn vị.');
    if (u.disabled) throw validationFailed(field, `Tài khoản của ${u.full_name} đang bị khóa.`);
    return u;
  }

  // ---- drafting ------------------------------------------------------------------------------------------------

  @Transactional()
  async create(actor: Actor, dto: CreateOutgoingDocumentDto, upload: StoredFile | null): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'create', 'OutgoingDocument', { organizationId: orgId });
    if (!DOCUMENT_TYPE_KEYS.includes(dto.documentType)) throw validationFailed('documentType', `Loại văn bản "${dto.documentType}" không có. Xem GET /document-types.`);
    const [dept] = await this.rows<{ id: string }>(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, dto.departmentId]);
    if (!dept) throw validationFailed('departmentId', 'Đơn vị soạn thảo không tồn tại.');
    const mine = actor.roles.some((r) => r.departmentId === dto.departmentId);
    if (!mine && !isLeader(actor) && !isOfficeClerk(actor)) {
      throw new DomainError('FORBIDDEN', 'Bạn chỉ soạn thảo văn bản cho phòng ban mình công tác.');
    }
    if (dto.signerId) await this.userInOrg(orgId, dto.signerId, 'signerId');
    const confidentiality = dto.confidentiality ?? 'normal';
    let file = upload;
    if (!file && dto.fileId) {
      file = await this.files.findById(orgId, dto.fileId);
      if (!file) throw validationFailed('fileId', 'Tệp không tồn tại hoặc không thuộc đơn vị.');
    }
    if (file && isStateSecret(confidentiality)) throw confidentialRefused();
    const recipients = await this.checkRecipients(orgId, dto.recipients ?? []);
    const now = this.clock.now();
    const [row] = await this.rows<{ id: string }>(
      `INSERT INTO outgoing_documents (organization_id, document_type, summary, department_id, created_by_user_id, signer_id, urgency,
         confidentiality, due_date, reply_to_incoming_id, draft_file_id, draft_version, status_changed_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13) RETURNING id`,
      [orgId, dto.documentType, dto.summary.trim(), dto.departmentId, actor.userId, dto.signerId ?? null, dto.urgency ?? 'normal',
        confidentiality, dto.dueDate ?? null, dto.replyToIncomingId ?? null, file?.id ?? null, file ? 1 : 0, now],
    );
    if (file) await this.addVersion(orgId, row.id, 1, file, actor.userId);
    await this.writeRecipients(orgId, row.id, recipients);
    await this.history(orgId, row.id, 'created', actor, { to: 'draft', data: { fileId: file?.id ?? null } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.created', entityType: 'OutgoingDocument', entityId: row.id,
      data: { documentType: dto.documentType, departmentId: dto.departmentId, fileId: file?.id ?? null } });
    return this.get(actor, row.id);
  }

  private async addVersion(orgId: string, docId: string, version: number, file: StoredFile, userId: string) {
    await this.db.query(
      `INSERT INTO outgoing_document_files (organization_id, outgoing_document_id, version, file_id, file_name, uploaded_by_user_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`, [orgId, docId, version, file.id, file.fileName, userId, this.clock.now()]);
  }

  private async checkRecipients(orgId: string, list: RecipientDto[]): Promise<RecipientDto[]> {
    const out: RecipientDto[] = [];
    for (const [i, r] of list.entries()) {
      const field = `recipients.${i}`;
      if (r.type === 'department') {
        if (!r.departmentId) throw validationFailed(`${field}.departmentId`, 'Nơi nhận là phòng ban: cần departmentId.');
        const [d] = await this.rows(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, r.departmentId]);
        if (!d) throw validationFailed(`${field}.departmentId`, 'Phòng ban nhận không thuộc đơn vị.');
        out.push({ type: 'department', departmentId: r.departmentId });
      } else if (r.type === 'organization') {
        if (!r.organizationId) throw validationFailed(`${field}.organizationId`, 'Nơi nhận là cơ quan: cần organizationId.');
        if (r.organizationId === orgId) throw validationFailed(`${field}.organizationId`, 'Gửi trong đơn vị: chọn nơi nhận là phòng ban.');
        const [o] = await this.rows(`SELECT id FROM organizations WHERE id = $1`, [r.organizationId]);
        if (!o) throw validationFailed(`${field}.organizationId`, 'Cơ quan nhận không có trong hệ thống.');
        out.push({ type: 'organization', organizationId: r.organizationId });
      } else {
        if (!r.name?.trim()) throw validationFailed(`${field}.name`, 'Nơi nhận bên ngoài: cần tên.');
        out.push({ type: 'external', name: r.name.trim(), code: r.code?.trim() || undefined });
      }
    }
    return out;
  }

  private async writeRecipients(orgId: string, docId: string, list: RecipientDto[]) {
    await this.db.query(`DELETE FROM outgoing_document_recipients WHERE organization_id = $1 AND outgoing_document_id = $2`, [orgId, docId]);
    for (const [position, r] of list.entries()) {
      await this.db.query(
        `INSERT INTO outgoing_document_recipients (organization_id, outgoing_document_id, position, type, department_id, recipient_organization_id, name, code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [orgId, docId, position, r.type, r.departmentId ?? null, r.organizationId ?? null, r.name ?? null, r.code ?? null]);
    }
  }

  /** Editable only while a draft; an issued document is immutable (409 OUTGOING_ISSUED_IMMUTABLE). */
  private assertDraftEditable(actor: Actor, row: OutgoingRow) {
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'update', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người soạn thảo hoặc lãnh đạo đơn vị soạn thảo được sửa dự thảo.');
    if (row.status !== 'draft') throw invalidState('Chỉ sửa được khi văn bản đang là dự thảo (đã trình thì cần được trả lại trước).');
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateOutgoingDocumentDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id, true);
    this.assertDraftEditable(actor, row);
    if (dto.documentType && !DOCUMENT_TYPE_KEYS.includes(dto.documentType)) throw validationFailed('documentType', `Loại văn bản "${dto.documentType}" không có.`);
    if (dto.signerId) await this.userInOrg(orgId, dto.signerId, 'signerId');
    if (dto.confidentiality && isStateSecret(dto.confidentiality) && row.draft_file_id) throw confidentialRefused();
    const set: Record<string, unknown> = {};
    if (dto.documentType !== undefined) set.document_type = dto.documentType;
    if (dto.summary !== undefined) set.summary = dto.summary.trim();
    if (dto.signerId !== undefined) set.signer_id = dto.signerId;
    if (dto.urgency !== undefined) set.urgency = dto.urgency;
    if (dto.confidentiality !== undefined) set.confidentiality = dto.confidentiality;
    if (dto.dueDate !== undefined) set.due_date = dto.dueDate;
    if (dto.replyToIncomingId !== undefined) set.reply_to_incoming_id = dto.replyToIncomingId;
    if (Object.keys(set).length) await this.transition(orgId, id, ['draft'], 'draft', set);
    if (dto.recipients) await this.writeRecipients(orgId, id, await this.checkRecipients(orgId, dto.recipients));
    const changed = [...Object.keys(dto)];
    await this.history(orgId, id, 'updated', actor, { data: { fields: changed } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.updated', entityType: 'OutgoingDocument', entityId: id, data: { fields: changed } });
    return this.get(actor, id);
  }

  async assertCanAddFile(actor: Actor, id: string): Promise<void> {
    const row = await this.loadReadable(actor, id);
    this.assertDraftEditable(actor, row);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
  }

  /** A new version of the draft file (versions are kept: outgoing_document_files). */
  @Transactional()
  async addFile(actor: Actor, id: string, file: StoredFile | null, fileId?: string): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id, true);
    this.assertDraftEditable(actor, row);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
    let f = file;
    if (!f && fileId) f = await this.files.findById(orgId, fileId);
    if (!f) throw validationFailed('file', 'Hãy đính kèm tệp PDF dự thảo trong trường "file" (hoặc fileId).');
    const version = row.draft_version + 1;
    await this.transition(orgId, id, ['draft'], 'draft', { draft_file_id: f.id, draft_version: version });
    await this.addVersion(orgId, id, version, f, actor.userId);
    await this.history(orgId, id, 'file_added', actor, { data: { version, fileId: f.id } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.file_added', entityType: 'OutgoingDocument', entityId: id, data: { version, fileId: f.id } });
    return this.get(actor, id);
  }

  // ---- review --------------------------------------------------------------------------------------------------

  @Transactional()
  async submit(actor: Actor, id: string, dto: SubmitOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id, true);
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'submit', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người soạn thảo hoặc lãnh đạo đơn vị soạn thảo được trình văn bản.');
    if (row.status !== 'draft') throw invalidState('Chỉ trình được văn bản đang là dự thảo.');
    const reviewer = await this.userInOrg(orgId, dto.reviewerId, 'reviewerId');
    if (!row.signer_id) throw new DomainError('BUSINESS_RULE', 'Hãy chọn người ký (signerId) trước khi trình.', [{ field: 'signerId' }]);
    if (!row.draft_file_id && !isStateSecret(row.confidentiality)) throw new DomainError('BUSINESS_RULE', 'Hãy đính kèm tệp PDF dự thảo trước khi trình.', [{ field: 'file' }]);
    await this.transition(orgId, id, ['draft'], 'in_review', { reviewer_id: reviewer.id });
    await this.history(orgId, id, 'submitted', actor, { from: 'draft', to: 'in_review', data: { reviewerId: reviewer.id } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.submitted', entityType: 'OutgoingDocument', entityId: id, data: { reviewerId: reviewer.id } });
    return this.get(actor, id);
  }

  @Transactional()
  async approve(actor: Actor, id: string, dto: ApproveOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id, true);
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'approve', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người được trình kiểm tra văn bản này mới duyệt được.');
    if (row.status !== 'in_review') throw invalidState('Chỉ duyệt được văn bản đang chờ kiểm tra.');
    await this.transition(orgId, id, ['in_review'], 'awaiting_signature', { review_note: dto.note?.trim() || null });
    await this.history(orgId, id, 'approved', actor, { from: 'in_review', to: 'awaiting_signature', note: dto.note?.trim() || null, data: { signerId: row.signer_id } });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.approved', entityType: 'OutgoingDocument', entityId: id });
    return this.get(actor, id);
  }

  @Transactional()
  async return(actor: Actor, id: string, dto: ReturnOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id, true);
    if (row.status === 'issued') throw immutable();
    this.authz.assert(actor, 'return', 'OutgoingDocument', outgoingSubject(row), WHAT, 'Chỉ người kiểm tra hoặc người ký được trả lại văn bản.');
    const mayReturn = (row.status === 'in_review' && row.reviewer_id === actor.userId)
      || (row.status === 'awaiting_signature' && row.signer_id === actor.userId);
    if (!mayReturn) {
      if (!['in_review', 'awaiting_signature'].includes(row.status)) throw invalidState('Chỉ trả lại được văn bản đang chờ kiểm tra hoặc chờ ký.');
      throw new DomainError('FORBIDDEN', row.status === 'in_review' ? 'Văn bản đang chờ kiểm tra: chỉ người kiểm tra được trả lại.' : 'Văn bản đang chờ ký: chỉ người ký được trả lại.');
    }
    const reason = dto.reason.trim();
    await this.transition(orgId, id, [row.status], 'draft', { return_reason: reason });
    await this.history(orgId, id, 'returned', actor, { from: row.status, to: 'draft', note: reason });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.returned', entityType: 'OutgoingDocument', entityId: id, data: { reason } });
    return this.get(actor, id);
  }

  // ---- signing -------------------------------------------------------------------------------------------------

  @Transactional()
  async sign(actor: Actor, id: string, dto: SignOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id, true);
    if (row.status === 'issued') throw immutable();
    const onBehalfOf = dto.onBehalfOfUserId && dto.onBehalfOfUserId !== actor.userId ? dto.onBehalfOfUserId : null;
    const subject = { ...outgoingSubject(row), authority: dto.authority, onBehalfOfUserId: onBehalfOf };
    if (!this.authz.can(actor, 'sign', 'OutgoingDocument', subject)) {
      throw new DomainError('SIGNING_NOT_ALLOWED', await this.signingRefusal(actor, row, dto.authority, onBehalfOf), [
        { documentType: row.document_type, authority: dto.authority, onBehalfOfUserId: onBehalfOf },
      ]);
    }
    // The reviewer's approval comes first: nobody signs a draft that has not been checked (DOMAIN §1.5).
    if (row.status !== 'awaiting_signature') {
      throw invalidState(row.status === 'signed' ? 'Văn bản đã được ký.' : 'Văn bản chưa được duyệt: chỉ ký được sau khi người kiểm tra duyệt.');
    }
    const o = await this.org(orgId);
    const delegation = onBehalfOf ? delegationFor(actor.delegations, onBehalfOf, row.document_type) : null;
    const block = buildSignatureBlock(dto.authority, { fullName: actor.fullName, positionTitle: actor.positionTitle, roles: rolesOf(actor.roles) },
      collectiveBodyName(o.name, o.short_name),
      delegation ? { fullName: delegation.fromFullName, positionTitle: delegation.fromPositionTitle, roles: delegation.fromRoles } : null);
    const now = this.clock.now();
    await this.transition(orgId, id, ['awaiting_signature'], 'signed', {
      authority: dto.authority, signature_block: JSON.stringify(block), signed_by_user_id: actor.userId, on_behalf_of_user_id: onBehalfOf,
      delegation_id: delegation?.id ?? null, signed_at: now,
    });
    const data = { authority: dto.authority, signatureBlock: block, delegationId: delegation?.id ?? null,
      principalName: delegation?.fromFullName ?? null };
    await this.history(orgId, id, 'signed', actor, { from: 'awaiting_signature', to: 'signed', onBehalfOfUserId: onBehalfOf, data });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, onBehalfOfUserId: onBehalfOf, action: 'outgoing.signed',
      entityType: 'OutgoingDocument', entityId: id, data });
    return this.get(actor, id);
  }

  /** Says what the working rules (or the delegation) allow, so the refusal tells the user what is possible. */
  private async signingRefusal(actor: Actor, row: OutgoingRow, authority: string, onBehalfOf: string | null): Promise<string> {
    const typeName = documentType(row.document_type).name;
    const nameOf = async (userId: string | null) => {
      if (!userId) return 'chưa chọn';
      const [u] = await this.rows<{ full_name: string }>(`SELECT full_name FROM users WHERE organization_id = $1 AND id = $2`, [row.organization_id, userId]);
      return u?.full_name ?? 'người khác';
    };
    if (onBehalfOf) {
      const principalName = await nameOf(onBehalfOf);
      if (row.signer_id !== onBehalfOf) {
        return `Văn bản này trình ${await nameOf(row.signer_id)} ký, không phải ${principalName}; ủy quyền của ${principalName} không áp dụng cho văn bản này.`;
      }
      const fromPrincipal = actor.delegations.filter((d) => d.fromUserId === onBehalfOf);
      if (!fromPrincipal.length) return `Bạn không có ủy quyền còn hiệu lực của ${principalName} (ủy quyền đã hết hạn, bị thu hồi hoặc chưa bắt đầu).`;
      const d = delegationFor(fromPrincipal, onBehalfOf, row.document_type);
      if (!d) {
        const types = fromPrincipal.flatMap((x) => x.documentTypes ?? []).map((t) => documentType(t).name);
        return `Ủy quyền của ${principalName} cho bạn chỉ gồm các loại: ${[...new Set(types)].join(', ')}; không gồm ${typeName}.`;
      }
      const principalRules = rulesFor(d.fromRoles, actor.signingRules);
      if (!principalRules.some((r) => typeCovered(r.documentTypes, row.document_type))) {
        return `${describeAllowed(d.fromRoles, actor.signingRules, principalName)} Vì vậy không thể ủy quyền ký ${typeName}.`;
      }
      return `Khi ký theo ủy quyền của ${principalName}, hình thức ký là ${authorityWords('TUQ')}, không phải "${authority}".`;
    }
    if (row.signer_id !== actor.userId) {
      return `Văn bản này trình ${await nameOf(row.signer_id)} ký; bạn không phải người ký được chỉ định.`
        + (actor.delegations.some((d) => d.fromUserId === row.signer_id) ? ' Nếu ký theo ủy quyền, hãy gửi onBehalfOfUserId.' : '');
    }
    const allowed = describeAllowed(rolesOf(actor.roles), actor.signingRules);
    return `${allowed} Không được ký ${typeName} với hình thức ${authorityWords(authority as never)}.`;
  }

  // ---- issue ---------------------------------------------------------------------------------------------------

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
    const o = await this.org(actor.orgId as string);
    const pdf = isStateSecret(reserved.confidentiality) ? null : await this.renderAndSign(reserved, o);
    return this.txHost.withTransaction(() => this.completeIssue(actor, reserved, o, pdf));
  }

  private async reserveNumber(actor: Actor, id: string, dto: IssueOutgoingDto): Promise<OutgoingRow> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id, true);
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
    if (register.kind !== 'outgoing' || register.year !== year || register.departmentId !== null) {
      throw new DomainError('BUSINESS_RULE', `Hãy chọn sổ văn bản đi của cơ quan năm ${year}.`, [{ field: 'registerId' }]);
    }
    if (register.confidential !== confidential) {
      throw new DomainError('BUSINESS_RULE', confidential ? 'Văn bản mật phải vào sổ văn bản đi mật (hệ thống số riêng).' : 'Văn bản thường không vào sổ văn bản mật.', [{ field: 'registerId' }]);
    }
    if (register.documentTypes?.length && !register.documentTypes.includes(row.document_type)) {
      throw new DomainError('BUSINESS_RULE', `Sổ "${register.name}" không dùng cho ${documentType(row.document_type).name}.`, [{ field: 'registerId' }]);
    }
    const o = await this.org(orgId);
    const [dept] = await this.rows<{ code: string }>(`SELECT code FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, row.department_id]);
    const number = await this.registers.allocateNumber(orgId, register.id, year);
    const symbol = formatSymbol({ number, abbreviation: documentType(row.document_type).abbreviation, agencyShortName: o.short_name, unitCode: dept.code.toUpperCase() });
    const [, count] = (await this.db.query(
      `UPDATE outgoing_documents SET register_id = $3, number = $4, symbol = $5, issued_date = $6, number_assigned_at = $7, updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND status = 'signed' AND number IS NULL`,
      [orgId, id, register.id, number, symbol, issuedDate, now],
    )) as [unknown, number];
    if (!count) throw invalidState('Văn bản vừa được người khác cấp số; hãy tải lại.');
    const data = { registerId: register.id, year, number, symbol, issuedDate };
    await this.history(orgId, id, 'number_assigned', actor, { data });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.number_assigned', entityType: 'OutgoingDocument', entityId: id, data });
    return { ...row, register_id: register.id, number, symbol, issued_date: issuedDate, number_assigned_at: now };
  }

  /** All drawing first, then the signer's and the agency's signatures as two incremental revisions (DESIGN 7, 8). */
  async renderAndSign(row: OutgoingRow, o: OrgRow): Promise<Buffer> {
    if (!row.draft_file_id) throw new DomainError('BUSINESS_RULE', 'Văn bản chưa có tệp dự thảo để phát hành.');
    const orgId = row.organization_id;
    const signerId = row.signed_by_user_id as string;
    // One after another: inside a transaction these share one pg client, which must never run two queries at once.
    const draft = await this.files.readVerified(orgId, row.draft_file_id);
    const signatureImage = await this.keys.signatureImage(orgId, signerId);
    const sealImage = await this.keys.sealImage(orgId);
    const block = row.signature_block as NonNullable<OutgoingRow['signature_block']>;
    const rendered = await this.pdfWork.render(draft, { // renderIssuedDocument, in-thread or on a PDF worker (PDF_WORKERS)
      numberLine: formatNumberLine(row.symbol as string),
      placeDateLine: formatPlaceDateLine(o.place_name, row.issued_date as string),
      signatureBlock: block, signatureImage, sealImage,
    });
    const bySigner = await this.signatures.sign({
      orgId, signer: { kind: 'person', userId: signerId }, pdf: rendered, name: block.name, location: o.place_name,
      reason: `${block.lines.join(' / ')} ký ${row.symbol}`, signingTime: row.signed_at ? new Date(row.signed_at) : this.clock.now(),
    });
    return this.signatures.sign({
      orgId, signer: { kind: 'agency' }, pdf: bySigner, name: o.name, location: o.place_name,
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
    await this.transition(orgId, reserved.id, ['signed'], 'issued', {
      file_id: stored?.id ?? null, file_sha256: stored?.sha256 ?? null, issued_at: now, issued_by_user_id: actor.userId,
    });
    const deliveries = await this.deliver(actor, reserved, o, stored);
    const data = { number: reserved.number, symbol: reserved.symbol, issuedDate: reserved.issued_date, fileId: stored?.id ?? null, sha256: stored?.sha256 ?? null, deliveries };
    await this.history(orgId, reserved.id, 'issued', actor, { from: 'signed', to: 'issued', data });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'outgoing.issued', entityType: 'OutgoingDocument', entityId: reserved.id, data });
    return this.get(actor, reserved.id);
  }

  /** Internal recipients receive it in the issuing transaction; external ones wait for the exchange (edXML, later). */
  private async deliver(actor: Actor, doc: OutgoingRow, o: OrgRow, file: StoredFile | null): Promise<Record<string, number>> {
    const orgId = actor.orgId as string;
    const recipients = await this.recipientsOf(orgId, [doc.id]);
    const counts = { delivered: 0, awaitingExchange: 0, pending: 0 };
    if (!recipients.length) return counts;
    const [signer] = await this.rows<{ full_name: string; position_title: string }>(
      `SELECT full_name, position_title FROM users WHERE id = $1`, [doc.signed_by_user_id]);
    const block = doc.signature_block as NonNullable<OutgoingRow['signature_block']>;
    for (const r of recipients) {
      if (r.type === 'external') {
        await this.setDelivery(orgId, doc.id, r.position, 'awaiting_exchange', null);
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
        await this.setDelivery(orgId, doc.id, r.position, 'delivered', result.incomingDocumentId);
        counts.delivered++;
      } else counts.pending++;
    }
    return counts;
  }

  private async setDelivery(orgId: string, docId: string, position: number, status: string, incomingId: string | null) {
    await this.db.query(
      `UPDATE outgoing_document_recipients SET delivery_status = $4, incoming_document_id = $5, delivered_at = $6
        WHERE organization_id = $1 AND outgoing_document_id = $2 AND position = $3`,
      [orgId, docId, position, status, incomingId, status === 'delivered' ? this.clock.now() : null]);
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  async get(actor: Actor, id: string): Promise<OutgoingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id);
    // Sequential on purpose: inside an idempotent POST this runs in a transaction, on one pg client.
    const recipients = await this.recipientsOf(orgId, [id]);
    const versions = await this.rows<{ version: number; file_id: string; file_name: string | null; uploaded_by_user_id: string; created_at: Date }>(
        `SELECT version, file_id, file_name, uploaded_by_user_id, created_at FROM outgoing_document_files
          WHERE organization_id = $1 AND outgoing_document_id = $2 ORDER BY version`, [orgId, id]);
    const history = await this.rows<{ action: string; actor_user_id: string; on_behalf_of_user_id: string | null; from_status: string | null; to_status: string | null;
        note: string | null; data: Record<string, unknown> | null; created_at: Date }>(
        `SELECT action, actor_user_id, on_behalf_of_user_id, from_status, to_status, note, data, created_at FROM outgoing_document_history
          WHERE organization_id = $1 AND outgoing_document_id = $2 ORDER BY seq`, [orgId, id]);
    return {
      ...toOutgoingResponse(row, recipients),
      versions: versions.map((v) => ({ version: v.version, fileId: v.file_id, fileName: v.file_name, uploadedByUserId: v.uploaded_by_user_id, createdAt: new Date(v.created_at).toISOString() })),
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
    const where = conds.join(' AND ');
    const rows = await this.rows<OutgoingRow>(
      `SELECT ${OUTGOING_COLUMNS} FROM outgoing_documents d WHERE ${where} ORDER BY d.created_at DESC, d.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, q.pageSize, offsetOf(q)]);
    const [{ count }] = await this.rows<{ count: number }>(`SELECT count(*)::int AS count FROM outgoing_documents d WHERE ${where}`, params);
    const recipients = await this.recipientsOf(orgId, rows.map((r) => r.id));
    return {
      items: rows.map((r) => toOutgoingResponse(r, recipients.filter((x) => x.outgoing_document_id === r.id))),
      total: count, page: q.page, pageSize: q.pageSize,
    };
  }

  /** The issued PDF once issued, else the current draft version. */
  async fileFor(actor: Actor, id: string): Promise<{ file: StoredFile; downloadName: string }> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id);
    if (isStateSecret(row.confidentiality)) throw confidentialRefused();
    const fileId = row.status === 'issued' ? row.file_id : row.draft_file_id;
    const file = fileId ? await this.files.findById(orgId, fileId) : null;
    if (!file) throw notFound('Tệp của văn bản');
    const name = row.status === 'issued' ? `${(row.symbol as string).replace(/\//g, '-')}.pdf` : file.fileName;
    return { file, downloadName: name };
  }

  async verify(actor: Actor, id: string): Promise<VerificationResult & { storedFileIntact: boolean }> {
    const orgId = actor.orgId as string;
    const row = await this.loadReadable(actor, id);
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
    if (!raw) return { valid: false, modifiedAfterLastSignature: false, signatures: [], storedFileIntact: false };
    const report = await this.verifier.verify(raw);
    return { ...report, valid: false, storedFileIntact: false };
  }
}
