import { parentPort } from 'node:worker_threads';
import { DomainError } from '../../common/errors/domain-error';
import { readRegisterFile } from './sheet-reader';

/** Worker thread entry (sheet-parse.ts): reads one register file and posts back its grid, or the refusal. */
parentPort?.once('message', (m: { data: Uint8Array; fileName: string }) => {
  readRegisterFile(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), m.fileName).then(
    (grid) => parentPort?.postMessage({ grid }),
    (e: unknown) => parentPort?.postMessage({
      error: e instanceof DomainError ? { code: e.code, message: e.message, details: e.details } : { code: null, message: String((e as Error)?.message ?? e) },
    }),
  );
});
