import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { fileTooLarge, notPdf, uploadInvalid } from './files.errors';
import { looksLikePdf } from './pdf/pdf-inspect';

const HEAD_BYTES = 1024;
const ZIP_LOCAL_HEADER = 0x04034b50;

/**
 * Counts, hashes and checks the first bytes of the file as it streams through, failing as early as it can. With
 * `allowZip`, a ZIP (a .docx candidate, checked and converted after the upload) is let through too.
 */
export class PdfStreamCheck extends Transform {
  size = 0;
  zip = false;
  private readonly hash = createHash('sha256');
  private head = Buffer.alloc(0);
  private headOk = false;

  constructor(private readonly maxBytes: number, private readonly allowZip = false) {
    super();
  }

  sha256(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return cb(fileTooLarge(this.maxBytes));
    if (!this.headOk) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
      if (looksLikePdf(this.head)) this.headOk = true;
      else if (this.allowZip && this.head.length >= 4 && this.head.readUInt32LE(0) === ZIP_LOCAL_HEADER) this.headOk = this.zip = true;
      else if (this.head.length >= HEAD_BYTES) return cb(notPdf());
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.size === 0) return cb(uploadInvalid('file', 'Tệp gửi lên đang trống.'));
    cb(this.headOk ? null : notPdf());
  }
}
