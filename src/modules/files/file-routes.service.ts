import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { notFound } from '../../common/errors/domain-error';
import { uploadFingerprint } from '../../common/idempotency/fingerprint';
import { IdempotencyService } from '../../common/idempotency/idempotency.service';
import { AuditService } from '../audit/audit.service';
import type { UploadedFileResponseDto } from './dto/file.dto';
import { uploadInvalid } from './files.errors';
import { FilesService } from './files.service';
import type { StoredFile } from './files.types';
import type { ReceivedBlob } from './upload-receiver';

export const toUploadedFileResponse = (f: StoredFile): UploadedFileResponseDto => ({
  id: f.id, sha256: f.sha256, size: f.size, pageCount: f.pageCount, fileName: f.fileName,
});

/** The /files routes: a bare upload (to attach later by id) and its download by the uploader. */
@Injectable()
export class FileRoutesService {
  constructor(
    private readonly files: FilesService,
    private readonly idempotency: IdempotencyService,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The blob is stored first (content-addressed, harmless if unused); the row and the audit entry are written in the
   * idempotent step, so a replayed request returns the first file id and creates no second row.
   */
  async upload(actor: Actor, req: Request, idempotencyKey: string | null): Promise<UploadedFileResponseDto> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'create', 'File', { organizationId: orgId });
    const upload = await this.files.receiveBlob(req);
    const extra = Object.keys(upload.fields)[0];
    if (extra) throw uploadInvalid(extra, `Trường "${extra}" không được phép gửi lên ở đây.`);
    const blob = upload.blob;
    if (!blob) throw uploadInvalid('file', 'Hãy đính kèm tệp PDF trong trường "file".');
    const fingerprint = uploadFingerprint('POST', '/api/v1/files', { fields: upload.fields, file: blob });
    return this.idempotency.run(actor, idempotencyKey, fingerprint, () => this.record(actor, orgId, blob));
  }

  @Transactional()
  private async record(actor: Actor, orgId: string, blob: ReceivedBlob): Promise<UploadedFileResponseDto> {
    const file = await this.files.createFromBlob(orgId, blob, actor.userId);
    await this.audit.append({
      organizationId: orgId, actorUserId: actor.userId, action: 'file.uploaded', entityType: 'File', entityId: file.id,
      data: { sha256: file.sha256, size: file.size, pageCount: file.pageCount, fileName: file.fileName },
    });
    return toUploadedFileResponse(file);
  }

  async download(actor: Actor, id: string, res: Response): Promise<void> {
    const file = await this.files.findById(actor.orgId as string, id);
    if (!file) throw notFound('Tệp');
    this.authz.assert(actor, 'read', 'File', { ...file }, 'Tệp');
    await this.files.send(res, file);
  }
}
