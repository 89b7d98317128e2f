import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { SigningKey } from './crypto/pkcs12';
import type { SignerRef } from './signature-provider';
import { SigningImagesService } from './signing-images.service';
import { SigningKeyAdminService } from './signing-key-admin.service';
import type { SigningKeyTarget, SigningKeyView } from './signing-key-record';
import { SigningKeyStore } from './signing-key-store';

export type { SigningKeyView } from './signing-key-record';

/**
 * Keys of people and agencies for the default SignatureProvider, and their signature / seal images, behind one entry
 * point (other modules and the controller call this): key material in signing-key-store.ts, administration in
 * signing-key-admin.service.ts, images in signing-images.service.ts.
 */
@Injectable()
export class SigningKeysService {
  /** Development keys being issued by this process, so concurrent first signatures issue one key, not one each. */
  private readonly issuing = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: SigningKeyStore,
    private readonly admin: SigningKeyAdminService,
    private readonly images: SigningImagesService,
  ) {}

  /** Development certificates are issued automatically outside production, so a demo ward can sign at once. */
  get autoIssue(): boolean {
    return !this.config.isProduction;
  }

  /** The key to sign with; outside production a development certificate is issued when the owner has none. */
  async keyFor(orgId: string, ref: SignerRef): Promise<SigningKey> {
    if (!orgId) throw new Error('keyFor: organization id is required');
    let row = await this.store.activeRow(orgId, ref);
    if (!row) {
      if (!this.autoIssue) {
        throw new DomainError('BUSINESS_RULE', ref.kind === 'agency'
          ? 'Cơ quan chưa có chứng thư số. Quản trị đơn vị cần nhập chứng thư số của cơ quan (POST /signing-keys/import).'
          : 'Người ký chưa có chứng thư số. Quản trị đơn vị cần nhập chứng thư số của người ký (POST /signing-keys/import).');
      }
      const flight = `${orgId}/${ref.kind === 'person' ? ref.userId : 'agency'}`;
      let pending = this.issuing.get(flight);
      if (!pending) {
        pending = this.store.insertDevKey(orgId, ref, null, false).finally(() => this.issuing.delete(flight));
        this.issuing.set(flight, pending);
      }
      await pending;
      row = await this.store.activeRow(orgId, ref);
      if (!row) throw new Error('development key could not be created');
    }
    return this.store.decryptKey(row);
  }

  list(actor: Actor): Promise<SigningKeyView[]> {
    return this.admin.list(actor);
  }

  issueDevCertificate(actor: Actor, target: SigningKeyTarget): Promise<SigningKeyView> {
    return this.admin.issueDevCertificate(actor, target);
  }

  importPkcs12(actor: Actor, target: SigningKeyTarget, p12: Buffer, password: string): Promise<SigningKeyView> {
    return this.admin.importPkcs12(actor, target, p12, password);
  }

  /** The person's signature image, else (demo) one of the shipped blue signatures. */
  signatureImage(orgId: string, userId: string): Promise<Buffer> {
    return this.images.signatureImage(orgId, userId);
  }

  /** The agency seal image, else the shipped red UBND seal. */
  sealImage(orgId: string): Promise<Buffer> {
    return this.images.sealImage(orgId);
  }

  setImage(actor: Actor, target: SigningKeyTarget, png: Buffer): Promise<{ kind: string; userId: string | null; sha256: string }> {
    return this.images.setImage(actor, target, png);
  }
}
