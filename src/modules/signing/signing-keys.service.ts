import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import forge from 'node-forge';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound, validationFailed } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import type { AuditAction } from '../audit/audit-actions';
import { createDevCa, issueCertificate, KeyAndCertificate, toPkcs12 } from './crypto/dev-ca';
import { parsePkcs12, Pkcs12InvalidError, SigningKey } from './crypto/pkcs12';
import { demoSealImage, demoSignatureImage } from './demo-assets';
import { checkPng, isPng, PngRejectedError } from './png-check';
import { KeyEncryption } from './key-encryption';
import type { SignerRef } from './signature-provider';

export interface SigningKeyView {
  id: string;
  ownerKind: 'person' | 'agency';
  userId: string | null;
  source: 'dev_ca' | 'imported';
  subjectCommonName: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  active: boolean;
  createdAt: string;
}

interface KeyRow {
  id: string;
  organization_id: string;
  owner_kind: 'person' | 'agency';
  user_id: string | null;
  source: 'dev_ca' | 'imported';
  subject_common_name: string;
  certificate_pem: string;
  serial_number: string;
  not_before: Date;
  not_after: Date;
  p12_encrypted: string;
  active: boolean;
  created_at: Date;
}

const toView = (r: KeyRow): SigningKeyView => ({
  id: r.id, ownerKind: r.owner_kind, userId: r.user_id, source: r.source, subjectCommonName: r.subject_common_name,
  serialNumber: r.serial_number, notBefore: new Date(r.not_before).toISOString(), notAfter: new Date(r.not_after).toISOString(),
  active: r.active, createdAt: new Date(r.created_at).toISOString(),
});

const MAX_IMAGE_BYTES = 512 * 1024;

/**
 * Keys of people and agencies for the default SignatureProvider: PKCS#12 files encrypted with MASTER_KEY in the
 * database, a deployment-local development CA (one row, created on first use), and signature / seal images.
 * Decrypted keys are cached per process by key id (a key row never changes; a replaced key gets a new id), so the
 * cache can never disagree with the database.
 */
@Injectable()
export class SigningKeysService {
  private readonly log = new Logger(SigningKeysService.name);
  private readonly crypt: KeyEncryption;
  private readonly keyCache = new Map<string, SigningKey>();
  private devCaCache: KeyAndCertificate | null = null;
  private devCaLoading: Promise<KeyAndCertificate> | null = null;
  /** Development keys being issued by this process, so concurrent first signatures issue one key, not one each. */
  private readonly issuing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
  ) {
    this.crypt = new KeyEncryption(config.masterKey);
  }

  private get db() {
    return this.txHost.tx;
  }

  /** Development certificates are issued automatically outside production, so a demo ward can sign at once. */
  get autoIssue(): boolean {
    return !this.config.isProduction;
  }

  // ---- development CA ------------------------------------------------------------------------------------------

  async devCa(): Promise<KeyAndCertificate> {
    if (this.devCaCache) return this.devCaCache;
    this.devCaLoading ??= this.loadDevCa().finally(() => (this.devCaLoading = null));
    return this.devCaLoading;
  }

  private async loadDevCa(): Promise<KeyAndCertificate> {
    let [row] = (await this.db.query(`SELECT certificate_pem, key_encrypted FROM signing_dev_ca WHERE id = 1`)) as { certificate_pem: string; key_encrypted: string }[];
    if (!row) {
      const ca = createDevCa({ commonName: 'vanthu - CA phát triển (không tin cậy)', organization: 'vanthu (môi trường phát triển)' });
      // Concurrent first uses race here; the one row that wins is the CA everybody uses.
      await this.db.query(
        `INSERT INTO signing_dev_ca (id, certificate_pem, key_encrypted) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
        [ca.certPem, this.crypt.encrypt(Buffer.from(ca.keyPem), 'signing_dev_ca')],
      );
      [row] = (await this.db.query(`SELECT certificate_pem, key_encrypted FROM signing_dev_ca WHERE id = 1`)) as typeof row[];
    }
    this.devCaCache = { certPem: row.certificate_pem, keyPem: this.crypt.decrypt(row.key_encrypted, 'signing_dev_ca').toString('utf8') };
    return this.devCaCache;
  }

  // ---- keys ----------------------------------------------------------------------------------------------------

  /** The key to sign with; outside production a development certificate is issued when the owner has none. */
  async keyFor(orgId: string, ref: SignerRef): Promise<SigningKey> {
    if (!orgId) throw new Error('keyFor: organization id is required');
    let row = await this.activeRow(orgId, ref);
    if (!row) {
      if (!this.autoIssue) {
        throw new DomainError('BUSINESS_RULE', ref.kind === 'agency'
          ? 'Cơ quan chưa có chứng thư số. Quản trị đơn vị cần nhập chứng thư số của cơ quan (POST /signing-keys/import).'
          : 'Người ký chưa có chứng thư số. Quản trị đơn vị cần nhập chứng thư số của người ký (POST /signing-keys/import).');
      }
      const flight = `${orgId}/${ref.kind === 'person' ? ref.userId : 'agency'}`;
      let pending = this.issuing.get(flight);
      if (!pending) {
        pending = this.insertDevKey(orgId, ref, null, false).finally(() => this.issuing.delete(flight));
        this.issuing.set(flight, pending);
      }
      await pending;
      row = await this.activeRow(orgId, ref);
      if (!row) throw new Error('development key could not be created');
    }
    return this.decryptKey(row);
  }

  private decryptKey(row: KeyRow): SigningKey {
    const cached = this.keyCache.get(row.id);
    if (cached) return cached;
    const sealed = JSON.parse(this.crypt.decrypt(row.p12_encrypted, row.id).toString('utf8')) as { p12: string; password: string };
    const key = parsePkcs12(Buffer.from(sealed.p12, 'base64'), sealed.password);
    this.keyCache.set(row.id, key);
    return key;
  }

  private async activeRow(orgId: string, ref: SignerRef): Promise<KeyRow | null> {
    const [row] = (await this.db.query(
      `SELECT * FROM signing_keys WHERE organization_id = $1 AND active AND owner_kind = $2 AND user_id IS NOT DISTINCT FROM $3`,
      [orgId, ref.kind, ref.kind === 'person' ? ref.userId : null],
    )) as KeyRow[];
    return row ?? null;
  }

  /** Issues a development certificate; `replace` retires the owner's current key first, else an existing key wins. */
  private async insertDevKey(orgId: string, ref: SignerRef, createdBy: string | null, replace: boolean): Promise<string | null> {
    const [org] = (await this.db.query(`SELECT name FROM organizations WHERE id = $1`, [orgId])) as { name: string }[];
    if (!org) throw notFound('Đơn vị');
    let subject;
    if (ref.kind === 'person') {
      const [u] = (await this.db.query(
        `SELECT u.full_name, u.position_title, d.name AS department_name FROM users u LEFT JOIN departments d ON d.id = u.department_id
          WHERE u.organization_id = $1 AND u.id = $2`, [orgId, ref.userId],
      )) as { full_name: string; position_title: string; department_name: string | null }[];
      if (!u) throw notFound('Người dùng');
      subject = { kind: 'person' as const, commonName: u.full_name, organization: org.name, organizationalUnit: u.department_name ?? undefined, title: u.position_title || undefined };
    } else {
      subject = { kind: 'agency' as const, commonName: org.name };
    }
    const ca = await this.devCa();
    const issued = issueCertificate(ca, subject);
    const password = randomBytes(18).toString('base64url');
    const p12 = toPkcs12({ keyPem: issued.keyPem, certPem: issued.certPem, chainPems: [ca.certPem], password, friendlyName: subject.commonName });
    return this.insertKey(orgId, ref, 'dev_ca', p12, password, issued.certPem, createdBy, replace);
  }

  private async insertKey(orgId: string, ref: SignerRef, source: 'dev_ca' | 'imported', p12: Buffer, password: string, certPem: string,
    createdBy: string | null, replace: boolean): Promise<string | null> {
    const cert = forge.pki.certificateFromPem(certPem);
    const cnField = cert.subject.getField('CN') as { value: string; valueTagClass?: unknown } | null;
    const cn = cnField ? (cnField.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(cnField.value) : cnField.value) : '';
    const id = randomUUID();
    if (replace) {
      await this.db.query(
        `UPDATE signing_keys SET active = false WHERE organization_id = $1 AND active AND owner_kind = $2 AND user_id IS NOT DISTINCT FROM $3`,
        [orgId, ref.kind, ref.kind === 'person' ? ref.userId : null],
      );
    }
    const sealed = this.crypt.encrypt(Buffer.from(JSON.stringify({ p12: p12.toString('base64'), password })), id);
    const rows = (await this.db.query(
      `INSERT INTO signing_keys (id, organization_id, owner_kind, user_id, source, subject_common_name, certificate_pem, serial_number,
                                 not_before, not_after, p12_encrypted, active, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, true, $12) ON CONFLICT DO NOTHING RETURNING id`,
      [id, orgId, ref.kind, ref.kind === 'person' ? ref.userId : null, source, cn.slice(0, 300), certPem, cert.serialNumber,
        cert.validity.notBefore, cert.validity.notAfter, sealed, createdBy],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async list(actor: Actor): Promise<SigningKeyView[]> {
    const orgId = actor.orgId as string;
    const rows = (await this.db.query(
      `SELECT * FROM signing_keys WHERE organization_id = $1 ORDER BY active DESC, created_at DESC`, [orgId],
    )) as KeyRow[];
    return rows.filter((r) => this.authz.can(actor, 'read', 'SigningKey', { organizationId: r.organization_id, userId: r.user_id })).map(toView);
  }

  @Transactional()
  async issueDevCertificate(actor: Actor, target: { userId?: string; agency?: boolean }): Promise<SigningKeyView> {
    const orgId = actor.orgId as string;
    const ref = this.targetRef(target);
    this.authz.assert(actor, 'create', 'SigningKey', { organizationId: orgId, userId: ref.kind === 'person' ? ref.userId : null });
    if (this.config.isProduction) {
      throw new DomainError('BUSINESS_RULE', 'Môi trường chính thức không cấp chứng thư phát triển; hãy nhập chứng thư số do tổ chức cung cấp dịch vụ chứng thực cấp.');
    }
    const id = await this.insertDevKey(orgId, ref, actor.userId, true);
    return this.afterCreate(actor, id, 'signing_key.dev_issued', ref);
  }

  @Transactional()
  async importPkcs12(actor: Actor, target: { userId?: string; agency?: boolean }, p12: Buffer, password: string): Promise<SigningKeyView> {
    const orgId = actor.orgId as string;
    const ref = this.targetRef(target);
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
    const id = await this.insertKey(orgId, ref, 'imported', p12, password, key.certificatePem, actor.userId, true);
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

  private targetRef(target: { userId?: string; agency?: boolean }): SignerRef {
    const agency = target.agency === true || String(target.agency) === 'true';
    if (agency && target.userId) throw validationFailed('userId', 'Chọn một: userId (chứng thư của một người) hoặc agency: true (của cơ quan).');
    if (agency) return { kind: 'agency' };
    if (!target.userId || !/^[0-9a-f-]{36}$/i.test(target.userId)) throw validationFailed('userId', 'Cần userId (UUID) của người được cấp, hoặc agency: true.');
    return { kind: 'person', userId: target.userId };
  }

  // ---- images --------------------------------------------------------------------------------------------------

  /** The person's signature image, else (demo) one of the shipped blue signatures. */
  async signatureImage(orgId: string, userId: string): Promise<Buffer> {
    const [row] = (await this.db.query(
      `SELECT content FROM signing_images WHERE organization_id = $1 AND kind = 'signature' AND user_id = $2`, [orgId, userId],
    )) as { content: Buffer }[];
    return row?.content ?? demoSignatureImage(userId);
  }

  /** The agency seal image, else the shipped red UBND seal. */
  async sealImage(orgId: string): Promise<Buffer> {
    const [row] = (await this.db.query(
      `SELECT content FROM signing_images WHERE organization_id = $1 AND kind = 'seal' AND user_id IS NULL`, [orgId],
    )) as { content: Buffer }[];
    return row?.content ?? demoSealImage();
  }

  @Transactional()
  async setImage(actor: Actor, target: { userId?: string; agency?: boolean }, png: Buffer): Promise<{ kind: string; userId: string | null; sha256: string }> {
    const orgId = actor.orgId as string;
    const ref = this.targetRef(target);
    this.authz.assert(actor, 'create', 'SigningKey', { organizationId: orgId, userId: ref.kind === 'person' ? ref.userId : null });
    if (png.length > MAX_IMAGE_BYTES) throw new DomainError('FILE_TOO_LARGE', 'Ảnh chữ ký / con dấu tối đa 512 KB.');
    if (!isPng(png)) {
      throw new DomainError('UNSUPPORTED_FILE_TYPE', 'Ảnh chữ ký / con dấu phải là tệp PNG nền trong suốt (Nghị định 30, Phụ lục I).');
    }
    try {
      checkPng(png);
    } catch (e) {
      if (!(e instanceof PngRejectedError)) throw e;
      throw new DomainError('FILE_UNREADABLE', `Ảnh chữ ký / con dấu không dùng được: ${e.message}. Hãy xuất lại ảnh PNG nền trong suốt.`);
    }
    const kind = ref.kind === 'person' ? 'signature' : 'seal';
    const userId = ref.kind === 'person' ? ref.userId : null;
    if (userId) {
      const [u] = (await this.db.query(`SELECT id FROM users WHERE organization_id = $1 AND id = $2`, [orgId, userId])) as unknown[];
      if (!u) throw notFound('Người dùng');
    }
    const sha256 = createHash('sha256').update(png).digest('hex');
    await this.db.query(
      `INSERT INTO signing_images (organization_id, kind, user_id, content, sha256, created_by_user_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (organization_id, kind, coalesce(user_id, '00000000-0000-0000-0000-000000000000'))
       DO UPDATE SET content = EXCLUDED.content, sha256 = EXCLUDED.sha256, created_by_user_id = EXCLUDED.created_by_user_id, created_at = now()`,
      [orgId, kind, userId, png, sha256, actor.userId],
    );
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: `signing_image.${kind}_set`, entityType: 'SigningKey', data: { userId, sha256 } });
    this.log.debug(`image ${kind} set for ${userId ?? 'agency'}`);
    return { kind, userId, sha256 };
  }
}
