import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { inspectPdf } from '../pdf/pdf-inspect';
import { prescanPdf } from './pdf-prescan';

/**
 * Worker thread entry (compiled: pdf-inspect-worker.js) for PdfGuard: one untrusted PDF at a time, read from a path
 * (uploads) or received as bytes; bounded pre-scan, then pdf-lib's load. Replies { pageCount, encrypted } or an error.
 */
const port = parentPort;
if (!port) throw new Error('pdf-inspect-worker must run in a worker thread');

port.on('message', (m: { id: number; path?: string; bytes?: Uint8Array; budget: number }) => {
  void (async () => {
    const buf = m.path ? await readFile(m.path) : Buffer.from(m.bytes!.buffer, m.bytes!.byteOffset, m.bytes!.byteLength);
    prescanPdf(buf, m.budget);
    return inspectPdf(buf);
  })().then(
    (info) => port.postMessage({ id: m.id, info }),
    (e: unknown) => port.postMessage({ id: m.id, error: { name: (e as Error)?.name ?? 'Error', message: String((e as Error)?.message ?? e) } }),
  );
});
