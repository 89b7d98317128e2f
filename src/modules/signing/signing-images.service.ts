import { Injectable, Logger } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash } from 'node:crypto';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { demoSealImage, demoSignatureImage } from './demo-assets';
import { checkPng, isPng, PngRejectedError } from './png-check';
import { SigningKeyTarget, targetRef } from './signing-key-record';

const MAX_IMAGE_BYTES = 512 * 1024;

/** Signature images of people and the agency seal image (PNG with a transparent background), with the shipped demo images as fallback. */
@Injectable()
export class SigningImagesService {
  private readonly log = new Logger(SigningImagesService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
  ) {}

  private get db() {
    return this.txHost.tx;
  }


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
  async setImage(actor: Actor, target: SigningKeyTarget, png: Buffer): Promise<{ kind: string; userId: string | null; sha256: string }> {
    const orgId = actor.orgId as string;
    const ref = targetRef(target);
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
