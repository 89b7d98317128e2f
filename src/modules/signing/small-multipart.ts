import busboy from 'busboy';
import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain-error';
import { checkUploadFields } from '../../common/validation/text-rules';

export interface SmallUpload {
  fields: Record<string, unknown>;
  file: { buffer: Buffer; fileName: string } | null;
}

const broken = () =>
  new DomainError('VALIDATION_FAILED', 'Dữ liệu tải lên bị gián đoạn hoặc sai định dạng multipart (thiếu phần kết thúc). Vui lòng gửi lại.', [
    { field: 'file', message: 'Nội dung multipart không đọc được.' },
  ]);

/**
 * Reads a small multipart body (a PKCS#12 file, a PNG image) fully into memory, with a hard size limit. PDFs go
 * through FilesService instead (streamed to the store). Fields may be ordinary form fields or one `data` JSON part.
 * Every stream error (a body cut short, bad framing, a dropped connection) ends in a 400, never in an unhandled
 * 'error' event.
 */
export function readSmallMultipart(req: Request, maxBytes: number): Promise<SmallUpload> {
  return new Promise((resolve, reject) => {
    if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
      reject(new DomainError('UNSUPPORTED_FILE_TYPE', 'Yêu cầu phải gửi dạng multipart/form-data với tệp trong trường "file".'));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
      reject(new DomainError('VALIDATION_FAILED', 'Nội dung multipart không đọc được.'));
      return;
    }
    const fields: Record<string, unknown> = {};
    let file: SmallUpload['file'] = null;
    let failed: Error | null = null;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) {
        req.unpipe(bb);
        req.resume(); // read and drop the rest so the client receives the answer
        reject(error);
        return;
      }
      try {
        resolve({ fields: checkUploadFields(fields), file });
      } catch (e) {
        reject(e as Error);
      }
    };
    bb.on('field', (name, value) => {
      if (name === 'data') {
        try {
          const data: unknown = JSON.parse(value);
          if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('not an object');
          Object.assign(fields, data);
        } catch {
          failed ??= new DomainError('VALIDATION_FAILED', 'Trường "data" phải là một đối tượng JSON.', [{ field: 'data', message: 'JSON không hợp lệ.' }]);
        }
      } else fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('error', () => finish(broken()));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed ??= new DomainError('FILE_TOO_LARGE', `Tệp vượt quá giới hạn ${Math.round(maxBytes / 1024)} KB.`);
      });
      stream.on('end', () => {
        if (name === 'file') file = { buffer: Buffer.concat(chunks), fileName: info.filename ?? 'file' };
      });
    });
    bb.on('error', () => finish(broken()));
    req.on('error', () => finish(broken()));
    bb.on('close', () => finish(failed));
    req.pipe(bb);
  });
}
