import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState, notFound, validationFailed } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import type { StoredFile } from '../files/files.types';
import type { RecipientDto } from './dto/outgoing-document.dto';
import { OUTGOING_COLUMNS, OutgoingRow, outgoingSubject, RecipientRow } from './outgoing-record';

export const WHAT = 'Văn bản đi';
export type Status = OutgoingRow['status'];

export interface OrgRow {
  id: string;
  code: string;
  name: string;
  short_name: string;
  place_name: string;
}

export const immutable = () =>
  new DomainError('OUTGOING_ISSUED_IMMUTABLE', 'Văn bản đã phát hành: số, ngày, người ký và tệp không được thay đổi. Muốn sửa nội dung, hãy ban hành văn bản thay thế hoặc đính chính.');

export const confidentialRefused = () =>
  new DomainError('CONFIDENTIAL_CONTENT_REFUSED', 'Văn bản mật (Mật, Tối mật, Tuyệt mật) chỉ được quản lý thông tin trên hệ thống; không tải lên hay tải xuống nội dung.');

/** SQL for outgoing documents, their recipients, versions and history. Every query takes the organization id first. */
@Injectable()
export class OutgoingDocumentsRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly clock: Clock,
  ) {}

  get db() {
    return this.txHost.tx;
  }

  async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.db.query(sql, params)) as T[];
  }

  async load(orgId: string, id: string, forUpdate = false): Promise<OutgoingRow | null> {
    if (!orgId) throw new Error('load: organization id is required');
    const [row] = await this.rows<OutgoingRow>(
      `SELECT ${OUTGOING_COLUMNS} FROM outgoing_documents d WHERE d.organization_id = $1 AND d.id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [orgId, id]);
    return row ?? null;
  }

  /** Loaded and readable by the caller (404 otherwise, so ids cannot be probed). */
  async loadReadable(actor: Actor, id: string, forUpdate = false): Promise<OutgoingRow> {
    const row = await this.load(actor.orgId as string, id, forUpdate);
    if (!row) throw notFound(WHAT);
    this.authz.assert(actor, 'read', 'OutgoingDocument', outgoingSubject(row), WHAT);
    return row;
  }

  async recipientsOf(orgId: string, ids: string[]): Promise<RecipientRow[]> {
    if (!ids.length) return [];
    return this.rows<RecipientRow>(
      `SELECT * FROM outgoing_document_recipients WHERE organization_id = $1 AND outgoing_document_id = ANY($2) ORDER BY position`, [orgId, ids]);
  }

  /** Guarded status change: 0 rows (someone changed it first) → 409 INVALID_STATE. */
  async transition(orgId: string, id: string, from: Status[], to: Status, set: Record<string, unknown> = {}): Promise<void> {
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

  async history(orgId: string, docId: string, action: string, actor: { userId: string }, e: {
    from?: Status | null; to?: Status | null; note?: string | null; data?: Record<string, unknown>; onBehalfOfUserId?: string | null;
  } = {}): Promise<void> {
    await this.db.query(
      `INSERT INTO outgoing_document_history (organization_id, outgoing_document_id, action, actor_user_id, on_behalf_of_user_id, from_status, to_status, note, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [orgId, docId, action, actor.userId, e.onBehalfOfUserId ?? null, e.from ?? null, e.to ?? null, e.note ?? null,
        e.data ? JSON.stringify(e.data) : null, this.clock.now()],
    );
  }

  async org(orgId: string): Promise<OrgRow> {
    const [o] = await this.rows<OrgRow>(`SELECT id, code, name, short_name, place_name FROM organizations WHERE id = $1`, [orgId]);
    if (!o) throw notFound('Đơn vị');
    return o;
  }

  async userInOrg(orgId: string, userId: string, field: string): Promise<{ id: string; full_name: string; position_title: string }> {
    const [u] = await this.rows<{ id: string; full_name: string; position_title: string; disabled: boolean }>(
      `SELECT id, full_name, position_title, disabled FROM users WHERE organization_id = $1 AND id = $2`, [orgId, userId]);
    if (!u) throw validationFailed(field, 'Người dùng không tồn tại trong đơn vị.');
    if (u.disabled) throw validationFailed(field, `Tài khoản của ${u.full_name} đang bị khóa.`);
    return u;
  }

  async addVersion(orgId: string, docId: string, version: number, file: StoredFile, userId: string, source: StoredFile | null = null) {
    await this.db.query(
      `INSERT INTO outgoing_document_files (organization_id, outgoing_document_id, version, file_id, file_name, uploaded_by_user_id, created_at, source_file_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [orgId, docId, version, file.id, file.fileName, userId, this.clock.now(), source?.id ?? null]);
  }

  async writeRecipients(orgId: string, docId: string, list: RecipientDto[]) {
    await this.db.query(`DELETE FROM outgoing_document_recipients WHERE organization_id = $1 AND outgoing_document_id = $2`, [orgId, docId]);
    for (const [position, r] of list.entries()) {
      await this.db.query(
        `INSERT INTO outgoing_document_recipients (organization_id, outgoing_document_id, position, type, department_id, recipient_organization_id, name, code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [orgId, docId, position, r.type, r.departmentId ?? null, r.organizationId ?? null, r.name ?? null, r.code ?? null]);
    }
  }

  async setDelivery(orgId: string, docId: string, position: number, status: string, incomingId: string | null) {
    await this.db.query(
      `UPDATE outgoing_document_recipients SET delivery_status = $4, incoming_document_id = $5, delivered_at = $6
        WHERE organization_id = $1 AND outgoing_document_id = $2 AND position = $3`,
      [orgId, docId, position, status, incomingId, status === 'delivered' ? this.clock.now() : null]);
  }
}
