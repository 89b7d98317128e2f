import { parentPort } from 'node:worker_threads';
import { KeyCache, type PdfTask, runPdfTask, serializeError } from './pdf-tasks';

/** Worker thread entry (compiled: pdf-worker.js): one task at a time, as PdfWorkPool sends them. */
const port = parentPort;
if (!port) throw new Error('pdf-worker must run in a worker thread');
const keys = new KeyCache();

port.on('message', (message: { id: number; task: PdfTask }) => {
  runPdfTask(message.task, keys).then(
    (result) => port.postMessage({ id: message.id, result }),
    (error: unknown) => port.postMessage({ id: message.id, error: serializeError(error) }),
  );
});
