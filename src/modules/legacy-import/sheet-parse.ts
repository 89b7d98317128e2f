import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import type { ErrorCode } from '../../common/errors/error-codes';
import { unreadableRegisterFile } from './import-errors';
import type { Grid } from './sheet-reader';

const HEAP_MB = 1536;
const TIME_LIMIT_MS = 180_000;

/** Dates cross the thread as Date objects of another realm (under Jest, another VM context): make them local Dates. */
function revive(grid: Grid): Grid {
  for (const row of grid.rows) {
    row.cells = row.cells.map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) && Object.prototype.toString.call(v) === '[object Date]'
      ? new Date((v as Date).getTime()) : v));
  }
  return grid;
}

function workerEntry(): { file: string; workerData?: unknown } {
  const compiled = path.join(__dirname, 'sheet-worker.js');
  if (__filename.endsWith('.js') && existsSync(compiled)) return { file: compiled };
  return { file: path.join(__dirname, '../signing/pdf-work/ts-worker-bootstrap.cjs'), workerData: { entry: path.join(__dirname, 'sheet-worker.ts') } };
}

const tooHeavy = () => unreadableRegisterFile('Tệp sổ quá lớn hoặc quá phức tạp nên hệ thống không đọc hết trong giới hạn cho phép. Hãy tách sổ thành nhiều tệp (ví dụ theo quý) rồi nhập từng tệp.');

/**
 * Reads the register off the HTTP thread: one worker thread per file, with a capped heap and a time limit, so a huge
 * or hostile spreadsheet neither freezes the API nor takes the process's memory. A breach is a 422, nothing stored.
 */
export function parseRegisterFile(data: Buffer, fileName: string): Promise<Grid> {
  const entry = workerEntry();
  return new Promise<Grid>((resolve, reject) => {
    const worker = new Worker(entry.file, {
      name: 'legacy-sheet', workerData: entry.workerData,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    let done = false;
    const finish = (error: unknown, grid?: Grid) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve(grid as Grid);
    };
    const timer = setTimeout(() => finish(tooHeavy()), TIME_LIMIT_MS);
    worker.on('message', (m: { grid?: Grid; error?: { code: ErrorCode | null; message: string; details?: ErrorDetail[] } }) => {
      if (!m.error) return finish(null, revive(m.grid as Grid));
      if (m.error.code) return finish(new DomainError(m.error.code, m.error.message, m.error.details ?? []));
      finish(new Error(`register parsing failed: ${m.error.message}`));
    });
    worker.on('error', () => finish(tooHeavy())); // ERR_WORKER_OUT_OF_MEMORY when the heap cap is hit
    worker.on('exit', () => finish(tooHeavy()));
    const copy = new Uint8Array(data.byteLength);
    copy.set(data);
    worker.postMessage({ data: copy, fileName }, [copy.buffer]);
  });
}
