import { Inject, Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import forge from 'node-forge';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import type { AuditAction } from '../audit/audit-actions';
import { parsePkcs12, Pkcs12InvalidError, SigningKey } from './crypto/pkcs12';
import type { SignerRef } from './signature-provider';
import { KeyRow, SigningKeyTarget, SigningKeyView, targetRef, toView } from './signing-key-record';
import { SigningKeyStore } from './signing-key-store';

/** Administering keys: list them, issue a development certificate, import a PKCS#12 file. */
@Injectable()
export class SigningKeyAdminService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly store: SigningKeyStore,
  ) {}

  private get db() {
    return this.txHost.tx;
  }

  async list(actor: Actor): Promise<SigningKeyView[]> {
    const orgId = actor.orgId as string;
    const rows = (await this.db.query(
      `SELECT * FROM signing_keys WHERE organization_id = $1 ORDER BY active DESC, created_at DESC`, [orgId],
    )) as KeyRow[];
    return rows.filter((r) => this.authz.can(actor, 'read', 'SigningKey', { organizationId: r.organization_id, userId: r.user_id })).map(toView);
  }

  @Transactional()
  async issueDevCertificate(actor: Actor, target: SigningKeyTarget): Promise<SigningKeyView> {
    const orgId = actor.orgId as string;
    const ref = targetRef(target);
    this.authz.assert(actor, 'create', 'SigningKey', { organizationId: orgId, userId: ref.kind === 'person' ? ref.userId : null });
    if (this.config.isProduction) {
      throw new DomainError('BUSINESS_RULE', 'Môi trường chính thức không cấp chứng thư phát triển; hãy nhập chứng thư số do tổ chức cung cấp dịch vụ chứng thực cấp.');
    }
    const id = await this.store.insertDevKey(orgId, ref, actor.userId, true);
    return this.afterCreate(actor, id, 'signing_key.dev_issued', ref);
  }

  @Transactional()
  async importPkcs12(actor: Actor, target: SigningKeyTarget, p12: Buffer, password: string): Promise<SigningKeyView> {
    const orgId = actor.orgId as string;
    const ref = targetRef(target);
    this.authz.assert(actor, 'create', 'SigningKey', { organizationId: orgId, userId: ref.kind === 'person' ? ref.userId : null });
    if (ref.kind === 'person') {
      const [u] = (await this.db.query(`SELECT id FROM users WHERE organization_id = $1 AND id = $2`, [orgId, ref.userId])) as unknown[];
      if (!u) throw notFound('Người dùng');
    }
    let key: SigningKey;
    try {
      key = parsePkcs12(p12, password);
    } catch (e) {
      if (e instanceof Pkcs12InvalidError) {
        const wrong = /password/i.test(e.message);
        throw new DomainError('VALIDATION_FAILED', wrong ? 'Mật khẩu của tệp chứng thư số (PKCS#12) không đúng.' : 'Tệp không phải chứng thư số PKCS#12 (.p12/.pfx) đọc được.',
          [{ field: wrong ? 'password' : 'file', message: e.message }]);
      }
      throw e;
    }
    const cert = forge.pki.certificateFromPem(key.certificatePem);
    if (cert.validity.notAfter.getTime() < Date.now()) {
      throw new DomainError('BUSINESS_RULE', `Chứng thư số đã hết hạn ngày ${cert.validity.notAfter.toISOString().slice(0, 10)}.`);
    }
    const id = await this.store.insertKey(orgId, ref, 'imported', p12, password, key.certificatePem, actor.userId, true);
    return this.afterCreate(actor, id, 'signing_key.imported', ref);
  }

  private async afterCreate(actor: Actor, id: string | null, action: AuditAction, ref: SignerRef): Promise<SigningKeyView> {
    const orgId = actor.orgId as string;
    if (!id) throw new DomainError('CONFLICT', 'Một chứng thư khác vừa được tạo cùng lúc, vui lòng thử lại.');
    const [row] = (await this.db.query(`SELECT * FROM signing_keys WHERE organization_id = $1 AND id = $2`, [orgId, id])) as KeyRow[];
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action, entityType: 'SigningKey', entityId: id,
      data: { ownerKind: ref.kind, userId: ref.kind === 'person' ? ref.userId : null, subject: row.subject_common_name, serial: row.serial_number } });
    return toView(row);
  }
}
