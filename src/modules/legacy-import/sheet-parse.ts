import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import type { ErrorCode } from '../../common/errors/error-codes';
import { unreadableRegisterFile } from './import-errors';
import type { ColumnMapping, Layout } from './layout';
import type { ImportKind } from './legacy-fields';
import type { LegacyRecord, RowError } from './row-parser';

const HEAP_MB = 1536;
const TIME_LIMIT_MS = 180_000;

function workerEntry(): { file: string; workerData?: unknown } {
  const compiled = path.join(__dirname, 'sheet-worker.js');
  if (__filename.endsWith('.js') && existsSync(compiled)) return { file: compiled };
  return { file: path.join(__dirname, '../signing/pdf-work/ts-worker-bootstrap.cjs'), workerData: { entry: path.join(__dirname, 'sheet-worker.ts') } };
}

const tooHeavy = () => unreadableRegisterFile('Tệp sổ quá lớn hoặc quá phức tạp nên hệ thống không đọc hết trong giới hạn cho phép. Hãy tách sổ thành nhiều tệp (ví dụ theo quý) rồi nhập từng tệp.');

export interface SheetCheck {
  layout: Layout;
  mapping: ColumnMapping;
  parsed: { records: LegacyRecord[]; errors: RowError[]; rows: number };
}

/**
 * Checks the register off the HTTP thread (read, header, mapping, every row): one worker thread per file, with a capped
 * heap and a time limit, so a huge or hostile spreadsheet neither freezes the API nor takes the process's memory. A
 * breach is a 422 and nothing is stored. The result holds only text and numbers (dates are 'YYYY-MM-DD' by then).
 */
export function checkRegisterFile(data: Buffer, job: { fileName: string; kind: ImportKind; year: number; mapping?: Record<string, unknown> }): Promise<SheetCheck> {
  const entry = workerEntry();
  return new Promise<SheetCheck>((resolve, reject) => {
    const worker = new Worker(entry.file, {
      name: 'legacy-sheet', workerData: entry.workerData,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    let done = false;
    const finish = (error: unknown, result?: SheetCheck) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve(result as SheetCheck);
    };
    const timer = setTimeout(() => finish(tooHeavy()), TIME_LIMIT_MS);
    worker.on('message', (m: { result?: SheetCheck; error?: { code: ErrorCode | null; message: string; details?: ErrorDetail[] } }) => {
      if (!m.error) return finish(null, m.result);
      if (m.error.code) return finish(new DomainError(m.error.code, m.error.message, m.error.details ?? []));
      finish(new Error(`register parsing failed: ${m.error.message}`));
    });
    worker.on('error', () => finish(tooHeavy())); // ERR_WORKER_OUT_OF_MEMORY when the heap cap is hit
    worker.on('exit', () => finish(tooHeavy()));
    const copy = new Uint8Array(data.byteLength);
    copy.set(data);
    worker.postMessage({ data: copy, ...job }, [copy.buffer]);
  });
}
