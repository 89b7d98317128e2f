import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/domain-error';
import { assertReferencesInOrganization } from '../../common/validation/references';
import { BlobStore } from './blob-store';
import { cleanFileName, contentDisposition } from './file-name';
import { fileIntegrityFailed, uploadInvalid } from './files.errors';
import { FilesRepository } from './files.repository';
import type { ParsedUpload, StoredFile } from './files.types';
import { looksLikePdf } from './pdf/pdf-inspect';
import { validatePdf } from './pdf-validation';
import { ReceivedBlob, ReceivedUpload, UploadReceiver } from './upload-receiver';

const requireOrg = (orgId: string | null | undefined): string => {
  if (!orgId) throw new Error('FilesService: organization id is required');
  return orgId;
};

/**
 * PDFs for every module (DESIGN decision 6): uploads streamed with a size limit and checked by content, stored once by
 * SHA-256, originals never modified, renditions as separate files, every read re-checking the hash.
 * Rows are written through txHost.tx, so they commit or roll back with the caller's transaction.
 */
@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly files: FilesRepository,
    private readonly store: BlobStore,
    private readonly receiver: UploadReceiver,
  ) {}

  /**
   * Streams a multipart/form-data request (PDF in part `file`; other fields as form fields or one JSON part `data`,
   * a field given twice → 400). Refusals: not multipart or not a PDF by its first bytes → 415 UNSUPPORTED_FILE_TYPE;
   * over config.maxUploadBytes → 413 FILE_TOO_LARGE (while streaming); a PDF that does not parse, has no pages or is
   * encrypted → 422 FILE_UNREADABLE. With `allowDocx` a Word file (a ZIP holding word/document.xml) is converted to
   * PDF: `file` is the PDF and `source` the original .docx (a broken one or a failed conversion → 422, nothing stored).
   * Form field values are strings; `data` values keep their JSON types.
   * Call it outside a transaction (the upload may be slow); the row it writes joins one if there is.
   */
  async receiveMultipart(actor: Actor, req: Request, opts: { requireFile?: boolean; allowDocx?: boolean } = {}): Promise<ParsedUpload> {
    const orgId = requireOrg(actor.orgId);
    const upload = await this.receiver.receive(req, { allowDocx: opts.allowDocx });
    // Ids in the form fields must name records of the caller's organization (404 otherwise), as for JSON bodies.
    await assertReferencesInOrganization((sql, params) => this.txHost.tx.query(sql, params), orgId, upload.fields);
    if (opts.requireFile && !upload.blob) throw uploadInvalid('file', 'Hãy đính kèm tệp PDF trong trường "file".');
    const file = upload.blob ? await this.createFromBlob(orgId, upload.blob, actor.userId) : null;
    const source = upload.source ? await this.createFromBlob(orgId, upload.source, actor.userId) : null;
    return source ? { fields: upload.fields, file, source } : { fields: upload.fields, file };
  }

  /**
   * receiveMultipart without the row: the PDF is checked and in the store, nothing is in the database yet. A route can
   * compute its idempotency fingerprint from `blob.sha256` first and call createFromBlob inside the idempotent step,
   * so a replayed request leaves no unreferenced row (POST /files does this).
   */
  receiveBlob(req: Request): Promise<ReceivedUpload> {
    return this.receiver.receive(req);
  }

  /** The row for a blob returned by receiveBlob; joins the caller's transaction. */
  createFromBlob(orgId: string, blob: ReceivedBlob, createdByUserId: string | null): Promise<StoredFile> {
    return this.files.insert(requireOrg(orgId), { ...blob, createdByUserId });
  }

  /** Bytes produced by the server (renditions, issued PDFs), validated like an upload (415/422 on a bad PDF). */
  /**
   * `produced` is for PDFs this server has just drawn from an already validated PDF (issued documents): their page count
   * is known, and parsing a signed file again cost 5–7 ms per issued document (bench B4). Anything else is parsed.
   */
  async storeBuffer(orgId: string, buf: Buffer, fileName: string, createdByUserId: string | null, produced?: { pageCount: number }): Promise<StoredFile> {
    requireOrg(orgId);
    if (produced && !looksLikePdf(buf.subarray(0, 1024))) throw new Error('storeBuffer: produced bytes are not a PDF');
    const { pageCount } = produced ?? (await validatePdf(buf));
    const sha256 = await this.store.putBuffer(buf);
    return this.files.insert(orgId, {
      sha256, size: buf.length, pageCount, fileName: cleanFileName(fileName), contentType: 'application/pdf', createdByUserId,
    });
  }

  findById(orgId: string, id: string): Promise<StoredFile | null> {
    return this.files.findStored(requireOrg(orgId), id);
  }

  /** The bytes, after re-checking size and SHA-256 (FILE_INTEGRITY_FAILED, 500, rather than corrupted bytes). */
  async readVerified(orgId: string, id: string): Promise<Buffer> {
    const file = await this.findById(orgId, id);
    if (!file) throw notFound('Tệp');
    return this.store.readVerified(file.sha256, file.size, file.id);
  }

  /**
   * Sends the file as the whole response: the hash is re-checked first (a damaged blob is a 500, never a 200), then the
   * bytes stream out through a second check that cuts the response short if they changed in between.
   */
  async send(res: Response, file: StoredFile, opts: { downloadName?: string; inline?: boolean } = {}): Promise<void> {
    await this.store.verify(file.sha256, file.size, file.id);
    const etag = `"${file.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', contentDisposition(opts.downloadName ?? file.fileName, opts.inline));
    const ifNoneMatch = res.req?.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      res.status(304).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    try {
      await pipeline(this.store.openVerifying(file.sha256, file.size, file.id), res);
    } catch (e) {
      if (!res.headersSent) throw e;
      // Headers are out: the response is cut short (less than Content-Length), so the client knows it failed.
      this.logger.error({ err: e, fileId: file.id }, 'File download aborted');
      res.destroy();
    }
  }

  /**
   * A derived file built once per (source file, kind, key): concurrent callers wait on an advisory lock held until the
   * end of the transaction and then find the first one's row. The original is only read, never modified.
   */
  async rendition(orgId: string, sourceFileId: string, kind: string, key: string, build: (original: Buffer) => Promise<Buffer>): Promise<StoredFile> {
    requireOrg(orgId);
    const cached = await this.files.findRendition(orgId, sourceFileId, kind, key);
    if (cached) return cached;
    return this.txHost.withTransaction(async () => {
      await this.files.lockRendition(sourceFileId, kind, key);
      const built = await this.files.findRendition(orgId, sourceFileId, kind, key);
      if (built) return built;
      const source = await this.findById(orgId, sourceFileId);
      if (!source) throw notFound('Tệp');
      const original = await this.store.readVerified(source.sha256, source.size, source.id);
      const file = await this.storeBuffer(orgId, await build(original), source.fileName, null);
      await this.files.insertRendition(orgId, sourceFileId, kind, key, file.id);
      return file;
    });
  }

  /**
   * Internal delivery: a row in the receiving organization pointing at the same blob (nothing is copied).
   * This is the one cross-organization write here; the caller has already decided the delivery is allowed.
   */
  async shareToOrganization(fromOrgId: string, fileId: string, toOrgId: string, createdByUserId: string | null): Promise<StoredFile> {
    const source = await this.findById(fromOrgId, fileId);
    if (!source) throw notFound('Tệp');
    if (!(await this.store.exists(source.sha256, source.size))) throw fileIntegrityFailed(source.id);
    const { sha256, size, pageCount, fileName, contentType } = source;
    return this.files.insert(requireOrg(toOrgId), { sha256, size, pageCount, fileName, contentType, createdByUserId });
  }
}
