import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EdxmlError } from './edxml-error';
import type { EdxmlJobPart, EdxmlJobReply, EdxmlJobRequest } from './edxml-worker-protocol';

export interface EdxmlPoolOptions {
  /** Worker threads (started on demand, reused). */
  size: number;
  /** V8 old-generation heap of each worker. The largest package (47 MB) signs and verifies with 512 MB, not with 256 MB. */
  heapMb: number;
  /** Wall-clock limit for one package once a worker has taken it; the worker is terminated when it is up. */
  timeoutMs: number;
  /** Packages allowed to wait for a free worker; one more is refused as busy. */
  maxQueued: number;
  /** Bytes of packages allowed to wait (so a flood of 40 MB packages does not pile up in memory). */
  maxQueuedBytes: number;
  /** An idle worker is stopped after this long, giving its heap back. */
  idleMs: number;
}

export const DEFAULT_EDXML_POOL_OPTIONS: EdxmlPoolOptions = {
  size: 2, heapMb: 1024, timeoutMs: 60_000, maxQueued: 16, maxQueuedBytes: 200 * 1024 * 1024, idleMs: 60_000,
};

export type EdxmlWorkerFailure = 'busy' | 'timeout' | 'memory' | 'crashed' | 'closed';

const REASONS: Record<EdxmlWorkerFailure, (o: EdxmlPoolOptions) => string> = {
  busy: () => 'Hệ thống đang bận xử lý các gói tin edXML khác; vui lòng gửi lại sau',
  timeout: (o) => `Gói tin edXML quá lớn hoặc quá phức tạp: xử lý vượt thời gian cho phép (${Math.round(o.timeoutMs / 1000)} giây)`,
  memory: () => 'Gói tin edXML quá lớn hoặc quá phức tạp: vượt giới hạn bộ nhớ khi xử lý',
  crashed: () => 'Không xử lý được gói tin edXML: luồng xử lý dừng bất thường',
  closed: () => 'Hệ thống đang dừng; chưa xử lý được gói tin edXML',
};

/**
 * The off-thread runner could not give an answer about the package: the queue is full, the time or memory limit was
 * hit, or the worker died. `transient` says whether the same package may succeed later (busy, closed, crashed) —
 * a caller should retry rather than refuse the sender's package for those.
 */
export class EdxmlWorkerError extends EdxmlError {
  constructor(readonly failure: EdxmlWorkerFailure, reason: string) {
    super(reason);
    this.name = 'EdxmlWorkerError';
  }
  get transient(): boolean {
    return this.failure === 'busy' || this.failure === 'closed' || this.failure === 'crashed';
  }
}

type Request = Omit<EdxmlJobRequest, 'id' | 'parts'> & { input: string | Uint8Array; transfer?: ArrayBuffer[] };

/** Slice of a package sent per turn of the event loop (chars of a string, bytes of a Buffer). */
const CHUNK = 2 * 1024 * 1024;
interface Job { id: number; request: Request; bytes: number; resolve: (v: unknown) => void; reject: (e: unknown) => void }
interface Slot { worker: Worker | null; job: Job | null; timer?: NodeJS.Timeout; idle?: NodeJS.Timeout; text?: string }

/** The compiled worker next to this file, or (running from .ts under Jest) the .ts entry through a transpiling bootstrap. */
function workerEntry(): { file: string; workerData?: unknown } {
  const compiled = path.join(__dirname, 'edxml-offthread-worker.js');
  if (__filename.endsWith('.js') && existsSync(compiled)) return { file: compiled };
  return {
    file: path.join(__dirname, '../../signing/pdf-work/ts-worker-bootstrap.cjs'),
    workerData: { entry: path.join(__dirname, 'edxml-offthread-worker.ts') },
  };
}

/**
 * A small pool of worker threads running the synchronous edXML library, so that signing, verifying or parsing a
 * 40 MB package never stalls the event loop. Each worker has a capped heap (resourceLimits) and each package a time
 * limit; a breach terminates that worker (a fresh one takes the next package) and the call fails with an
 * EdxmlWorkerError whose Vietnamese reason can go into a status 02. Waiting packages are bounded in number and bytes.
 */
export class EdxmlWorkerPool {
  readonly options: EdxmlPoolOptions;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private queuedBytes = 0;
  private nextId = 1;
  private closed = false;

  constructor(options: Partial<EdxmlPoolOptions> = {}) {
    this.options = { ...DEFAULT_EDXML_POOL_OPTIONS, ...options };
    this.slots = Array.from({ length: Math.max(1, this.options.size) }, () => ({ worker: null, job: null }));
  }

  /**
   * Runs one operation. The input goes to the worker in slices (CHUNK), one per turn of the event loop, so that
   * copying a 40 MB package never holds the loop for more than a few milliseconds; the caller must not change a Buffer
   * it passed until the promise settles.
   */
  run<T>(request: Request): Promise<T> {
    if (this.closed) return Promise.reject(this.failure('closed'));
    const input = typeof request.input === 'string' || request.input instanceof Uint8Array ? request.input : ''; // refused as empty, like the sync call
    const bytes = typeof input === 'string' ? input.length : input.byteLength;
    const waiting = this.slots.every((s) => s.job);
    if (waiting && (this.queue.length >= this.options.maxQueued || (this.queue.length > 0 && this.queuedBytes + bytes > this.options.maxQueuedBytes))) {
      return Promise.reject(this.failure('busy'));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request: { ...request, input }, bytes, resolve: resolve as (v: unknown) => void, reject });
      this.queuedBytes += bytes;
      this.dispatch();
    });
  }

  /** Busy workers and waiting packages, for health output and tests. */
  stats(): { running: number; queued: number; workers: number } {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length, workers: this.slots.filter((s) => s.worker).length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(this.failure('closed'));
    this.queuedBytes = 0;
    await Promise.all(this.slots.map((slot) => {
      if (slot.job) this.finish(slot, this.failure('closed'));
      clearTimeout(slot.idle);
      const w = slot.worker;
      slot.worker = null;
      return w?.terminate();
    }));
  }

  private failure(kind: EdxmlWorkerFailure): EdxmlWorkerError {
    return new EdxmlWorkerError(kind, REASONS[kind](this.options));
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      this.queuedBytes -= job.bytes;
      clearTimeout(slot.idle);
      const worker = slot.worker ?? this.spawn(slot);
      slot.job = job;
      slot.timer = setTimeout(() => this.breach(slot, 'timeout'), this.options.timeoutMs);
      worker.ref();
      void this.send(slot, worker, job);
    }
  }

  /** Input slices (strings: sliced without copying here, copied by the clone; bytes: copied and transferred), then the job. */
  private async send(slot: Slot, worker: Worker, job: Job): Promise<void> {
    const { input, transfer = [], ...rest } = job.request;
    job.request = { op: rest.op, input: '' }; // nothing kept here once sent
    const size = typeof input === 'string' ? input.length : input.byteLength;
    const parts = Math.max(1, Math.ceil(size / CHUNK));
    for (let i = 0; i < parts; i++) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      if (slot.job !== job || slot.worker !== worker) return; // timed out or died meanwhile
      if (typeof input === 'string') {
        worker.postMessage({ id: job.id, part: input.slice(i * CHUNK, (i + 1) * CHUNK) });
      } else {
        const part = new Uint8Array(input.subarray(i * CHUNK, (i + 1) * CHUNK));
        worker.postMessage({ id: job.id, part }, [part.buffer]);
      }
    }
    const message: EdxmlJobRequest = { id: job.id, ...rest, parts };
    worker.postMessage(message, transfer);
  }

  private spawn(slot: Slot): Worker {
    const entry = workerEntry();
    const worker = new Worker(entry.file, {
      name: 'edxml',
      workerData: entry.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    worker.unref();
    worker.on('message', (m: EdxmlJobReply | EdxmlJobPart | { ready: true }) => {
      if (!('id' in m) || slot.worker !== worker || slot.job?.id !== m.id) return;
      if ('part' in m) {
        slot.text = (slot.text ?? '') + (m.part as string); // a rope: no copy of what came before
        setImmediate(() => worker.postMessage({ id: m.id, ack: true }));
        return;
      }
      if (m.ok) return this.finish(slot, null, m.parts ? slot.text : m.result);
      const e = m.error;
      this.finish(slot, new EdxmlError(e.edxml ? e.reason : `Không đọc được gói tin edXML: ${e.message}`, e.edxml ? e.field : undefined));
    });
    const lost = (kind: EdxmlWorkerFailure) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      if (slot.job) this.finish(slot, this.failure(kind));
    };
    worker.on('error', (e: Error & { code?: string }) => lost(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed'));
    worker.on('exit', () => lost('crashed'));
    slot.worker = worker;
    return worker;
  }

  /** Time is up: the worker is killed mid-package and replaced for the next one. */
  private breach(slot: Slot, kind: EdxmlWorkerFailure): void {
    const worker = slot.worker;
    slot.worker = null;
    this.finish(slot, this.failure(kind));
    void worker?.terminate();
  }

  private finish(slot: Slot, error: unknown, result?: unknown): void {
    const job = slot.job;
    if (!job) return;
    slot.job = null;
    slot.text = undefined;
    clearTimeout(slot.timer);
    const worker = slot.worker;
    if (worker) {
      worker.unref();
      slot.idle = setTimeout(() => {
        if (slot.worker === worker && !slot.job) {
          slot.worker = null;
          void worker.terminate();
        }
      }, this.options.idleMs);
      slot.idle.unref();
    }
    if (error) job.reject(error);
    else job.resolve(result);
    this.dispatch();
  }
}
