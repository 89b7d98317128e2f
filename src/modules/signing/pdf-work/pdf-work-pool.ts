import { Logger, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IssueRenderOptions, IssueRevisionOptions, SignerCopyOptions } from '../../files/pdf/issue-render';
import { PdfUnreadableError } from '../../files/pdf/pdf-inspect';
import { type PadesSignOptions, PadesSigningError } from '../crypto/pades-signer';
import type { SigningKey } from '../crypto/pkcs12';
import { asBuffer, KeyCache, type PdfTask, runPdfTask, type SerializedError } from './pdf-tasks';

interface Pending {
  id: number;
  task: PdfTask;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

export interface PdfWorkPoolOptions {
  /** Worker threads; 0 runs every task in the calling thread. */
  size: number;
  /** The compiled worker entry; without it (running from .ts under Jest) tasks run in the calling thread. */
  workerFile?: string | null;
  /** Passed to each worker (tests use it to run the .ts entry through a transpiling bootstrap). */
  workerData?: unknown;
}

/**
 * PDF_WORKERS threads; 0 (the default), or no compiled worker file, runs the tasks in the calling thread.
 * Off by default: measured on the 2-core bench machine with PostgreSQL beside it (B4, docs/BENCHMARKS.md), one or
 * two workers issued no more documents per second than the HTTP thread alone (the second core is PostgreSQL's) and
 * spent 15–30 % more CPU per document (every worker warms its own JIT and caches, buffers are copied across). Set it
 * (e.g. to the number of cores minus one) where the database runs elsewhere and cores are idle.
 */
export function defaultPoolOptions(env: NodeJS.ProcessEnv = process.env): PdfWorkPoolOptions {
  const raw = env.PDF_WORKERS?.trim();
  const size = raw ? Number(raw) : 0;
  if (!Number.isInteger(size) || size < 0 || size > 64) throw new Error(`PDF_WORKERS must be an integer 0–64, got '${raw}'`);
  const compiled = path.join(__dirname, 'pdf-worker.js');
  return { size, workerFile: __filename.endsWith('.js') && existsSync(compiled) ? compiled : null };
}

const ERROR_CLASSES: Record<string, new (message: string) => Error> = {
  PdfUnreadableError, PadesSigningError, RangeError, TypeError,
};

/**
 * Rendering and PAdES signing of issued documents (CPU-bound, ~15 ms for a 3-page document) on an optional pool of
 * worker threads (PDF_WORKERS), so the HTTP thread keeps serving requests and the issue path can use idle cores. Each worker keeps its
 * own caches (parsed fonts, prepared seal and signature images, imported keys), warm after its first documents.
 * Tasks are queued in arrival order, one per worker at a time; a task's error is rethrown in the caller with the same
 * class (PdfUnreadableError, PadesSigningError, RangeError, …). Workers start on first use and are unref'd, so they
 * never keep a process alive; onModuleDestroy (app.close()) terminates them. Provided by SigningModule.
 */
export class PdfWorkPool implements OnModuleDestroy {
  private readonly log = new Logger(PdfWorkPool.name);
  private readonly options: PdfWorkPoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly keyIds = new WeakMap<SigningKey, number>();
  private readonly localKeys = new KeyCache();
  private nextKeyId = 1;
  private nextTaskId = 1;
  private closed = false;

  constructor(options?: PdfWorkPoolOptions) {
    this.options = options ?? defaultPoolOptions();
  }

  /** Worker threads in use (0: tasks run in the calling thread). */
  get size(): number {
    return this.options.workerFile ? this.options.size : 0;
  }

  render(draft: Buffer, options: IssueRenderOptions): Promise<Buffer> {
    return this.run({ kind: 'render', draft, options });
  }

  /** The signer's copy: signature block and image drawn, no number or date (renderSignerCopy). */
  signerCopy(draft: Buffer, options: SignerCopyOptions): Promise<Buffer> {
    return this.run({ kind: 'signerCopy', draft, options });
  }

  /** Number, date and seal appended to the signed copy as an incremental revision (appendIssueRevision). */
  issueRevision(signed: Buffer, options: IssueRevisionOptions): Promise<Buffer> {
    return this.run({ kind: 'issueRevision', signed, options });
  }

  sign(pdf: Buffer, key: SigningKey, options: PadesSignOptions): Promise<Buffer> {
    let keyId = this.keyIds.get(key);
    if (keyId === undefined) {
      keyId = this.nextKeyId++;
      this.keyIds.set(key, keyId);
    }
    return this.run({ kind: 'sign', pdf, keyId, key, options });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('PDF worker pool is shutting down'));
    await Promise.all(this.slots.splice(0).map(async (slot) => {
      slot.busy?.reject(new Error('PDF worker pool is shutting down'));
      slot.busy = null;
      await slot.worker.terminate();
    }));
  }

  private run(task: PdfTask): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('PDF worker pool is shut down'));
    if (this.size === 0) return runPdfTask(task, this.localKeys);
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextTaskId++, task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.busy === null) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const next = this.queue.shift() as Pending;
      slot.busy = next;
      slot.worker.ref(); // keep the loop alive while a task is in flight
      slot.worker.postMessage({ id: next.id, task: next.task });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.workerFile as string, { name: 'pdf-worker', workerData: this.options.workerData });
    worker.unref();
    const slot: Slot = { worker, busy: null };
    this.slots.push(slot);
    worker.on('message', (m: { id: number; result?: Uint8Array; error?: SerializedError }) => {
      const done = slot.busy;
      if (!done || done.id !== m.id) return;
      slot.busy = null;
      worker.unref();
      if (m.error) done.reject(rebuildError(m.error));
      else done.resolve(asBuffer(m.result as Uint8Array));
      this.dispatch();
    });
    // A worker that dies (out of memory, a native crash) fails its task and is replaced on the next dispatch.
    const lost = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i === -1) return;
      this.slots.splice(i, 1);
      if (slot.busy) slot.busy.reject(error);
      slot.busy = null;
      if (!this.closed) {
        this.log.error(`PDF worker lost: ${error.message}`);
        this.dispatch();
      }
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`PDF worker exited with code ${code}`)));
    return slot;
  }
}

function rebuildError(e: SerializedError): Error {
  const Class = ERROR_CLASSES[e.name];
  const error = Class ? new Class(e.message) : Object.assign(new Error(e.message), { name: e.name });
  error.stack = `${e.stack ?? `${e.name}: ${e.message}`}\n    at PdfWorkPool (in a pdf-worker thread)`;
  return error;
}
