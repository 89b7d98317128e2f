import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { IdempotencyService, requestFingerprint, uploadFingerprint } from '../../common/idempotency';
import { validateBody } from '../../common/validation/validation.pipe';
import { FilesService } from '../files/files.service';
import { renderArrivalStamp } from '../files/pdf/arrival-stamp';
import { RegisterIncomingDocumentDto } from './dto/register-incoming-document.dto';
import type { IncomingDocumentResponseDto } from './dto/incoming-document.response.dto';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { IncomingQueriesService } from './incoming-queries.service';
import { AttachedFile, IncomingRegistrationService } from './incoming-registration.service';

/**
 * The edges of registration that deal with files: a multipart registration (file + form fields or a `data` JSON part),
 * a JSON one naming an uploaded `fileId`, and downloads (original byte for byte, or the "ĐẾN" rendition).
 * The upload is streamed and stored before the registering transaction opens (no slow I/O inside it).
 */
@Injectable()
export class IncomingIntakeService {
  constructor(
    private readonly registration: IncomingRegistrationService,
    private readonly queries: IncomingQueriesService,
    private readonly repo: IncomingDocumentsRepository,
    private readonly files: FilesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Same Idempotency-Key and same request → the first response (same id, same number); a different request → 422. */
  async register(actor: Actor, req: Request, idempotencyKey: string | null): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    if (req.is('multipart/form-data')) {
      const upload = await this.files.receiveMultipart(actor, req);
      const { file } = upload;
      const dto = await validated(RegisterIncomingDocumentDto, formFields(upload.fields));
      if (dto.fileId && file) throw new DomainError('VALIDATION_FAILED', 'Gửi tệp trong trường "file" hoặc fileId, không gửi cả hai.', [{ field: 'fileId' }]);
      const fingerprint = uploadFingerprint(req.method, req.originalUrl, upload);
      return this.idempotency.run(actor, idempotencyKey, fingerprint,
        () => this.registration.register(actor, dto, file ? { id: file.id, pageCount: file.pageCount } : null));
    }
    const dto = await validated(RegisterIncomingDocumentDto, req.body ?? {});
    const fingerprint = requestFingerprint(req.method, req.originalUrl, req.body ?? {});
    return this.idempotency.run(actor, idempotencyKey, fingerprint,
      async () => this.registration.register(actor, dto, dto.fileId ? await this.attached(orgId, dto.fileId) : null));
  }

  private async attached(orgId: string, fileId: string): Promise<AttachedFile> {
    const file = await this.files.findById(orgId, fileId);
    if (!file) throw notFound('Tệp');
    return { id: file.id, pageCount: file.pageCount };
  }

  /** The file as received, or with the "ĐẾN" box (agency, Số đến, Ngày, Chuyển once directed), built once and cached. */
  async sendFile(actor: Actor, id: string, stamped: boolean, res: Response): Promise<void> {
    const orgId = actor.orgId as string;
    const doc = await this.queries.loadReadable(actor, id);
    if (!doc.file_id) throw new DomainError('NOT_FOUND', 'Văn bản đến này không có tệp đính kèm (văn bản giấy hoặc văn bản mật chỉ vào sổ thông tin).');
    const original = await this.files.findById(orgId, doc.file_id);
    if (!original) throw notFound('Tệp');
    const base = `VBDen-${doc.arrival_number ?? 'chua-vao-so'}-${doc.symbol}`.replace(/[\\/]+/g, '_');
    if (!stamped) return this.files.send(res, original, { downloadName: `${base}.pdf` });
    if (!doc.arrival_number || !doc.arrival_date) {
      throw new DomainError('INVALID_STATE', 'Văn bản chưa vào sổ nên chưa có số đến để đóng dấu ĐẾN.', [{ currentStatus: doc.status }]);
    }
    // The unit whose register it is in: a department clerk's register names the department (DOMAIN §1.6).
    const agencyName = (await this.repo.registeringUnitName(orgId, doc.register_id)).toLocaleUpperCase('vi-VN');
    const stamp = { agencyName, arrivalNumber: doc.arrival_number, arrivalDate: doc.arrival_date, direction: doc.direction_text };
    // v2: stamps are incremental updates in free space (earlier renditions were rewritten files at a fixed spot).
    const rendition = await this.files.rendition(orgId, original.id, 'arrival-stamp', `v2|${agencyName}|${stamp.arrivalNumber}|${stamp.direction ?? ''}`,
      async (buf) => (await renderArrivalStamp(buf, stamp)).pdf);
    return this.files.send(res, rendition, { downloadName: `${base}-DEN.pdf` });
  }
}

/** Form fields arrive as strings: the typed ones are converted before validation; `data` JSON keeps its types. */
function formFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  if (typeof out.pageCount === 'string' && /^\d+$/.test(out.pageCount)) out.pageCount = Number(out.pageCount);
  if (out.allowDuplicate === 'true' || out.allowDuplicate === 'false') out.allowDuplicate = out.allowDuplicate === 'true';
  return out;
}

/** The global ValidationPipe's rules (whitelist, unknown fields refused) for bodies the pipe cannot see (multipart). */
function validated<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  return validateBody(cls, plain ?? {});
}
