import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import forge from 'node-forge';
import { notFound } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { createDevCa, issueCertificate, KeyAndCertificate, toPkcs12 } from './crypto/dev-ca';
import { parsePkcs12, SigningKey } from './crypto/pkcs12';
import { KeyEncryption } from './key-encryption';
import type { SignerRef } from './signature-provider';
import type { KeyRow } from './signing-key-record';

/**
 * Key material at rest: PKCS#12 files encrypted with MASTER_KEY in the database and a deployment-local development CA
 * (one row, created on first use). Decrypted keys are cached per process by key id (a key row never changes; a
 * replaced key gets a new id), so the cache can never disagree with the database.
 */
@Injectable()
export class SigningKeyStore {
  private readonly crypt: KeyEncryption;
  private readonly keyCache = new Map<string, SigningKey>();
  private devCaCache: KeyAndCertificate | null = null;
  private devCaLoading: Promise<KeyAndCertificate> | null = null;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.crypt = new KeyEncryption(config.masterKey);
  }

  private get db() {
    return this.txHost.tx;
  }

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

  decryptKey(row: KeyRow): SigningKey {
    const cached = this.keyCache.get(row.id);
    if (cached) return cached;
    const sealed = JSON.parse(this.crypt.decrypt(row.p12_encrypted, row.id).toString('utf8')) as { p12: string; password: string };
    const key = parsePkcs12(Buffer.from(sealed.p12, 'base64'), sealed.password);
    this.keyCache.set(row.id, key);
    return key;
  }

  async activeRow(orgId: string, ref: SignerRef): Promise<KeyRow | null> {
    const [row] = (await this.db.query(
      `SELECT * FROM signing_keys WHERE organization_id = $1 AND active AND owner_kind = $2 AND user_id IS NOT DISTINCT FROM $3`,
      [orgId, ref.kind, ref.kind === 'person' ? ref.userId : null],
    )) as KeyRow[];
    return row ?? null;
  }

  /** Issues a development certificate; `replace` retires the owner's current key first, else an existing key wins. */
  async insertDevKey(orgId: string, ref: SignerRef, createdBy: string | null, replace: boolean): Promise<string | null> {
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

  async insertKey(orgId: string, ref: SignerRef, source: 'dev_ca' | 'imported', p12: Buffer, password: string, certPem: string,
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
}
