import busboy from 'busboy';
import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain-error';

export interface SmallUpload {
  fields: Record<string, unknown>;
  file: { buffer: Buffer; fileName: string } | null;
}

/**
 * Reads a small multipart body (a PKCS#12 file, a PNG image) fully into memory, with a hard size limit. PDFs go
 * through FilesService instead (streamed to the store). Fields may be ordinary form fields or one `data` JSON part.
 */
export function readSmallMultipart(req: Request, maxBytes: number): Promise<SmallUpload> {
  return new Promise((resolve, reject) => {
    if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
      reject(new DomainError('VALIDATION_FAILED', 'Yêu cầu phải gửi dạng multipart/form-data với tệp trong trường "file".'));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 20 } });
    } catch {
      reject(new DomainError('VALIDATION_FAILED', 'Nội dung multipart không đọc được.'));
      return;
    }
    const fields: Record<string, unknown> = {};
    let file: SmallUpload['file'] = null;
    let failed: Error | null = null;
    bb.on('field', (name, value) => {
      if (name === 'data') {
        try {
          Object.assign(fields, JSON.parse(value));
        } catch {
          failed ??= new DomainError('VALIDATION_FAILED', 'Trường "data" phải là một đối tượng JSON.', [{ field: 'data', message: 'JSON không hợp lệ.' }]);
        }
      } else fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed ??= new DomainError('FILE_TOO_LARGE', `Tệp vượt quá giới hạn ${Math.round(maxBytes / 1024)} KB.`);
      });
      stream.on('end', () => {
        if (name === 'file') file = { buffer: Buffer.concat(chunks), fileName: info.filename ?? 'file' };
      });
    });
    bb.on('error', (e) => reject(new DomainError('VALIDATION_FAILED', `Nội dung multipart không đọc được: ${(e as Error).message}`)));
    bb.on('close', () => (failed ? reject(failed) : resolve({ fields, file })));
    req.pipe(bb);
  });
}
