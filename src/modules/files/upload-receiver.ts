import { Inject, Injectable, Logger } from '@nestjs/common';
import busboy, { FileInfo } from 'busboy';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { checkUploadFields } from '../../common/validation/text-rules';
import { BlobStore } from './blob-store';
import { cleanFileName } from './file-name';
import { fileTooLarge, notMultipart, uploadInvalid } from './files.errors';
import { PdfGuard } from './pdf-guard/pdf-guard';
import { DocxConverter } from './docx-converter';
import { intakeDocx, type ReceivedBlob } from './docx-intake';
import { PdfStreamCheck } from './upload-stream-check';

export type { ReceivedBlob };

export interface ReceivedUpload {
  fields: Record<string, unknown>;
  /** The PDF (uploaded, or converted from the .docx in `source`). */
  blob: ReceivedBlob | null;
  /** The original Word file when a .docx was accepted (opts.allowDocx) and converted. */
  source?: ReceivedBlob | null;
}

/** Room for the form fields, the `data` JSON (≤ 1 MB, like JSON bodies) and the multipart framing. */
const FORM_ALLOWANCE = 1024 * 1024 + 64 * 1024;
const MAX_FIELD_BYTES = 1024 * 1024;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
/** Names that would shadow Object.prototype members once the fields become a plain object. */
const RESERVED_NAMES = new Set(['file', 'data', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
/** After a refusal the rest of the body is read and thrown away (so the client sees the answer) within these caps. */
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Reads a multipart/form-data request as a stream (the app has no multipart body parser, so the body arrives here
 * untouched): the file goes through a size counter, a PDF-header check and SHA-256 into FILES_DIR/tmp, and nothing
 * bigger than a form field is ever held in memory before the size limit is enforced.
 */
@Injectable()
export class UploadReceiver {
  private readonly logger = new Logger(UploadReceiver.name);
  private readonly maxBytes: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: BlobStore,
    private readonly guard: PdfGuard,
    private readonly converter: DocxConverter,
  ) {
    this.maxBytes = config.maxUploadBytes;
  }

  /** `allowDocx`: a Word draft (a ZIP, recognised by content) is also taken, converted to PDF, and both are kept. */
  async receive(req: Request, opts: { allowDocx?: boolean } = {}): Promise<ReceivedUpload> {
    if (!/^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '')) throw this.refuse(req, notMultipart());
    const declared = Number(req.headers['content-length']);
    // An honest client announcing too much is refused before a byte of the body is read.
    if (Number.isFinite(declared) && declared > this.maxBytes + FORM_ALLOWANCE) throw this.refuse(req, fileTooLarge(this.maxBytes));
    const received = await this.parse(req, !!opts.allowDocx);
    if (!received.file) return { fields: received.fields, blob: null };
    const { tempPath, sha256, size, fileName, zip } = received.file;
    try {
      if (zip) {
        const { pdf, source } = await intakeDocx({ store: this.store, guard: this.guard, converter: this.converter }, received.file);
        return { fields: received.fields, blob: pdf, source };
      }
      // Parsed off the HTTP thread, with time, memory and decoded-size limits (PdfGuard).
      const { pageCount } = await this.guard.inspectFile(tempPath);
      await this.store.commit(tempPath, sha256);
      return { fields: received.fields, blob: { sha256, size, pageCount, fileName, contentType: 'application/pdf' } };
    } catch (e) {
      await this.store.discard(tempPath);
      throw e;
    }
  }

  private parse(req: Request, allowZip: boolean): Promise<{ fields: Record<string, unknown>; file: TempFile | null }> {
    return new Promise((resolve, reject) => {
      const fields = new Map<string, unknown>();
      const pending: Promise<unknown>[] = [];
      let tempPath: string | null = null;
      let file: TempFile | null = null;
      let fileSeen = false;
      let fileStream: Readable | null = null;
      let writing: Promise<unknown> | null = null;
      let settled = false;
      let bodyBytes = 0;
      let bb: busboy.Busboy | undefined;

      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        if (bb) req.unpipe(bb);
        req.off('data', countBody);
        fileStream?.destroy();
        // The answer goes out only once the temp file is gone: the write in flight (if any) ends with the destroyed
        // stream and removes its own file, then anything left is removed here.
        void (writing ?? Promise.resolve())
          .catch(() => undefined)
          .then(() => this.store.discard(tempPath))
          .catch((e: unknown) => this.logger.warn({ err: e }, 'Temp file not removed'))
          .then(() => reject(this.refuse(req, error)));
      };
      const countBody = (chunk: Buffer) => {
        bodyBytes += chunk.length;
        if (bodyBytes > this.maxBytes + FORM_ALLOWANCE) fail(fileTooLarge(this.maxBytes));
      };
      const addField = (name: string, value: unknown) => {
        if (!FIELD_NAME.test(name) || RESERVED_NAMES.has(name)) {
          return fail(uploadInvalid(name.slice(0, 100), `Trường "${name.slice(0, 100)}" không được phép gửi lên ở đây.`));
        }
        // Form fields and the `data` JSON are merged; the same field twice is ambiguous, so it is refused.
        if (fields.has(name)) return fail(uploadInvalid(name, `Trường "${name}" được gửi hai lần.`));
        fields.set(name, value);
      };
      const addJson = (text: string) => {
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          return fail(uploadInvalid('data', 'Trường "data" phải là một đối tượng JSON hợp lệ.'));
        }
        if (!data || typeof data !== 'object' || Array.isArray(data)) return fail(uploadInvalid('data', 'Trường "data" phải là một đối tượng JSON.'));
        for (const [k, v] of Object.entries(data)) addField(k, v);
      };

      try {
        bb = busboy({
          headers: req.headers,
          defParamCharset: 'utf8', // browsers send the UTF-8 bytes of a Vietnamese name in filename="…"
          limits: { files: 2, fileSize: this.maxBytes + 1, fields: 100, parts: 102, fieldSize: MAX_FIELD_BYTES, fieldNameSize: 200 },
        });
      } catch {
        throw this.refuse(req, uploadInvalid('file', 'Yêu cầu multipart/form-data thiếu boundary hoặc sai định dạng.'));
      }

      bb.on('field', (name, value, info) => {
        if (settled) return;
        if (info.nameTruncated || info.valueTruncated) return fail(uploadInvalid(name.slice(0, 100), `Trường "${name.slice(0, 100)}" dài quá mức cho phép.`));
        if (name === 'data') {
          if (fields.has('\0data')) return fail(uploadInvalid('data', 'Trường "data" được gửi hai lần.'));
          fields.set('\0data', true);
          return addJson(value);
        }
        addField(name, value);
      });
      bb.on('file', (name, stream, info: FileInfo) => {
        // busboy destroys a part's stream with an error when the body ends early ("Unexpected end of file"); with no
        // listener that error would take the whole process down, so every part stream gets one before anything else.
        stream.on('error', (e) => fail(streamBroken(e)));
        if (settled) return void stream.resume();
        if (name === 'data') {
          // Some clients send the JSON part as a Blob (with a file name); read it like the field.
          const collected = collectJson(stream).then((text) => {
            if (fields.has('\0data')) return fail(uploadInvalid('data', 'Trường "data" được gửi hai lần.'));
            fields.set('\0data', true);
            addJson(text);
          }, fail);
          pending.push(collected);
          return;
        }
        if (name !== 'file') {
          stream.resume();
          return fail(uploadInvalid(name.slice(0, 100), 'Tệp phải được gửi trong trường "file".'));
        }
        if (fileSeen) {
          stream.resume();
          return fail(uploadInvalid('file', 'Mỗi yêu cầu chỉ được gửi một tệp.'));
        }
        fileSeen = true;
        fileStream = stream;
        const written = this.store.tempPath().then(async (path) => {
          tempPath = path;
          const check = new PdfStreamCheck(this.maxBytes, allowZip);
          try {
            if (settled) throw new Error('upload already refused');
            await pipeline(stream, check, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
          } catch (e) {
            await this.store.discard(path);
            throw e;
          }
          file = { tempPath: path, sha256: check.sha256(), size: check.size, fileName: cleanFileName(info.filename), zip: check.zip };
        });
        writing = written;
        written.catch((e: unknown) => {
          // A disk error is logged for the operator; the client gets the same 400 as for a broken body.
          if (!(e instanceof DomainError)) this.logger.warn({ err: e }, 'Upload could not be written');
          fail(streamBroken(e));
        });
        pending.push(written);
      });
      bb.on('filesLimit', () => fail(uploadInvalid('file', 'Mỗi yêu cầu chỉ được gửi một tệp.')));
      bb.on('fieldsLimit', () => fail(uploadInvalid('data', 'Quá nhiều trường dữ liệu.')));
      bb.on('partsLimit', () => fail(uploadInvalid('data', 'Quá nhiều phần trong yêu cầu.')));
      bb.on('error', (e) => fail(streamBroken(e)));
      req.on('error', (e) => fail(streamBroken(e)));
      bb.on('close', () => {
        Promise.all(pending).then(() => {
          if (settled) return;
          settled = true;
          fields.delete('\0data');
          let clean: Record<string, unknown>;
          try {
            clean = checkUploadFields(Object.fromEntries(fields));
          } catch (e) {
            settled = false;
            return fail(e);
          }
          resolve({ fields: clean, file });
        }, fail);
      });
      req.on('data', countBody);
      req.on('close', () => {
        if (!req.complete) fail(uploadInvalid('file', 'Kết nối bị ngắt khi đang tải lên.'));
      });
      req.pipe(bb as busboy.Busboy);
    });
  }

  /**
   * Stops reading for ourselves and lets the response go out. The rest of the body is read and discarded (never
   * stored) so the client, still sending, receives the 413/415 instead of a connection reset; a client that keeps
   * sending far past the limit, or for too long, is disconnected once the response has been written.
   */
  private refuse(req: Request, error: unknown): unknown {
    if (!(error instanceof DomainError)) this.logger.warn({ err: error }, 'Upload failed');
    if (req.complete || req.destroyed) return error;
    let discarded = 0;
    const cap = this.maxBytes * 2;
    const disconnect = () => {
      req.off('data', onData);
      req.pause();
      const res = req.res;
      if (!res || res.writableFinished) req.socket?.destroy();
      else res.once('finish', () => req.socket?.destroy());
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > cap) disconnect();
    };
    const timer = setTimeout(disconnect, DRAIN_TIMEOUT_MS).unref();
    req.once('end', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
    req.on('data', onData);
    req.resume();
    return error;
  }
}

/** A broken body (cut short, bad framing, a dropped connection) is the client's fault: 400, never a crash or a 500. */
function streamBroken(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  return uploadInvalid('file', 'Dữ liệu tải lên bị gián đoạn hoặc sai định dạng multipart (thiếu phần kết thúc). Vui lòng gửi lại.');
}

type TempFile = { tempPath: string; sha256: string; size: number; fileName: string; zip: boolean };

async function collectJson(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FIELD_BYTES) throw uploadInvalid('data', 'Trường "data" dài quá mức cho phép.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
