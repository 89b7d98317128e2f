import { parentPort } from 'node:worker_threads';
import { DomainError } from '../../common/errors/domain-error';
import { applyMapping, detectLayout } from './layout';
import type { ImportKind } from './legacy-fields';
import { parseRows } from './row-parser';
import { readRegisterFile } from './sheet-reader';

export interface SheetJob { data: Uint8Array; fileName: string; kind: ImportKind; year: number; mapping?: Record<string, unknown> }

/**
 * Worker thread entry (sheet-parse.ts): reads one register file, finds its header and mapping and checks every row,
 * then posts back the outcome (or the refusal) — all the CPU work of a check stays off the HTTP thread.
 */
parentPort?.once('message', (m: SheetJob) => {
  (async () => {
    const grid = await readRegisterFile(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), m.fileName);
    const layout = detectLayout(grid, m.kind);
    const { mapping, problems } = applyMapping(layout, m.kind, m.mapping);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', 'Cách ghép cột gửi lên không hợp lệ.', problems);
    return { layout, mapping, parsed: parseRows(grid, layout, mapping, m.kind, m.year) };
  })().then(
    (result) => parentPort?.postMessage({ result }),
    (e: unknown) => parentPort?.postMessage({
      error: e instanceof DomainError ? { code: e.code, message: e.message, details: e.details } : { code: null, message: String((e as Error)?.message ?? e) },
    }),
  );
});
