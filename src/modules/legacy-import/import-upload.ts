import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain-error';
import { checkUploadFields } from '../../common/validation/text-rules';
import { cleanFileName } from '../files/file-name';
import { importInvalid } from './import-errors';

export interface ImportUpload {
  fields: Record<string, unknown>;
  file: { name: string; sha256: string; data: Buffer } | null;
  /** The ZIP of scans, on disk (removed by `cleanup`). */
  scans: { name: string; path: string; size: number } | null;
  cleanup: () => Promise<void>;
}

export interface ImportUploadLimits { fileBytes: number; scansBytes: number }

const mb = (n: number) => `${Math.floor(n / (1024 * 1024))} MB`;
const tooLarge = (field: 'file' | 'scans', max: number) => new DomainError('FILE_TOO_LARGE',
  field === 'file' ? `Tệp sổ vượt quá ${mb(max)}. Hãy tách sổ thành nhiều tệp rồi nhập từng tệp.` : `Tệp ZIP bản quét vượt quá ${mb(max)}. Hãy chia bản quét thành nhiều tệp ZIP nhỏ hơn.`,
  [{ field, maxBytes: max }]);
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const RESERVED = new Set(['constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__proto__']);

/**
 * Reads POST /imports: the register in part `file` (kept in memory, at most `fileBytes`), the optional ZIP of scans in
 * part `scans` (streamed to a private temp file, at most `scansBytes`), and the form fields or one `data` JSON part.
 * Anything over a limit stops the upload at once (413); nothing is kept when the request is refused.
 */
export async function receiveImportUpload(req: Request, limits: ImportUploadLimits): Promise<ImportUpload> {
  if (!/^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    throw new DomainError('UNSUPPORTED_FILE_TYPE', 'Hãy gửi sổ cũ bằng multipart/form-data: tệp .xlsx hoặc .csv trong trường "file", bản quét (ZIP) trong trường "scans".');
  }
  const declared = Number(req.headers['content-length']);
  const total = limits.fileBytes + limits.scansBytes + 2 * 1024 * 1024;
  if (Number.isFinite(declared) && declared > total) throw drain(req, tooLarge('scans', limits.scansBytes));
  const dir = await mkdtemp(join(tmpdir(), 'vanthu-import-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const out = await parse(req, limits, dir);
    return { ...out, cleanup };
  } catch (e) {
    await cleanup();
    throw drain(req, e);
  }
}

function parse(req: Request, limits: ImportUploadLimits, dir: string): Promise<Omit<ImportUpload, 'cleanup'>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, unknown> = {};
    const pending: Promise<unknown>[] = [];
    let file: ImportUpload['file'] = null;
    let scans: ImportUpload['scans'] = null;
    let settled = false;
    let bb: busboy.Busboy;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      reject(e instanceof DomainError ? e : importInvalid('file', 'Dữ liệu tải lên bị gián đoạn hoặc sai định dạng multipart. Vui lòng gửi lại.'));
    };
    const addField = (name: string, value: unknown) => {
      if (!FIELD_NAME.test(name) || RESERVED.has(name) || name === 'file' || name === 'scans') return fail(importInvalid(name.slice(0, 100), `Trường "${name.slice(0, 100)}" không được phép gửi lên ở đây.`));
      if (name in fields) return fail(importInvalid(name, `Trường "${name}" được gửi hai lần.`));
      fields[name] = value;
    };
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 2, fields: 20, parts: 24, fieldSize: 256 * 1024, fieldNameSize: 200 } });
    } catch {
      return reject(importInvalid('file', 'Yêu cầu multipart/form-data thiếu boundary hoặc sai định dạng.'));
    }
    bb.on('field', (name, value, info) => {
      if (settled) return;
      if (info.valueTruncated || info.nameTruncated) return fail(importInvalid(name.slice(0, 100), `Trường "${name.slice(0, 100)}" dài quá mức cho phép.`));
      if (name === 'data') {
        let data: unknown;
        try { data = JSON.parse(value); } catch { return fail(importInvalid('data', 'Trường "data" phải là một đối tượng JSON hợp lệ.')); }
        if (!data || typeof data !== 'object' || Array.isArray(data)) return fail(importInvalid('data', 'Trường "data" phải là một đối tượng JSON.'));
        for (const [k, v] of Object.entries(data)) addField(k, v);
        return;
      }
      addField(name, value);
    });
    bb.on('file', (name, stream: Readable, info) => {
      stream.on('error', fail);
      if (settled) return void stream.resume();
      if (name === 'file' && !file) {
        pending.push(collect(stream, limits.fileBytes).then((data) => {
          file = { name: cleanFileName(info.filename || 'so-cu.xlsx'), sha256: createHash('sha256').update(data).digest('hex'), data };
        }).catch(fail));
        return;
      }
      if (name === 'scans' && !scans) {
        const path = join(dir, 'scans.zip');
        let size = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            size += chunk.length;
            if (size > limits.scansBytes) return cb(tooLarge('scans', limits.scansBytes));
            cb(null, chunk);
          },
        });
        pending.push(pipeline(stream, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }))
          .then(() => { scans = { name: cleanFileName(info.filename || 'ban-quet.zip'), path, size }; })
          .catch((e: unknown) => { stream.resume(); fail(e); }));
        return;
      }
      stream.resume();
      fail(importInvalid(name.slice(0, 100), name === 'file' || name === 'scans' ? `Chỉ được gửi một tệp trong trường "${name}".` : 'Tệp sổ gửi trong trường "file", bản quét (ZIP) trong trường "scans".'));
    });
    bb.on('filesLimit', () => fail(importInvalid('file', 'Chỉ gửi tệp sổ (file) và tệp ZIP bản quét (scans).')));
    bb.on('fieldsLimit', () => fail(importInvalid('data', 'Quá nhiều trường dữ liệu.')));
    bb.on('partsLimit', () => fail(importInvalid('data', 'Quá nhiều phần trong yêu cầu.')));
    bb.on('error', fail);
    req.on('error', fail);
    bb.on('close', () => {
      Promise.all(pending).then(() => {
        if (settled) return;
        let clean: Record<string, unknown>;
        try { clean = checkUploadFields(fields); } catch (e) { return fail(e); }
        settled = true;
        resolve({ fields: clean, file, scans });
      }, fail);
    });
    req.pipe(bb);
  });
}

async function collect(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      stream.resume();
      throw tooLarge('file', max);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** After a refusal the rest of the body is read and dropped so the client receives the answer (bounded in time). */
function drain(req: Request, error: unknown): unknown {
  if (req.complete || req.destroyed) return error;
  const timer = setTimeout(() => req.socket?.destroy(), 30_000).unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
  return error;
}
