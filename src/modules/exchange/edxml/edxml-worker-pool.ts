import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EdxmlError } from './edxml-error';
import type { EdxmlJobReply, EdxmlJobRequest } from './edxml-worker-protocol';

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

type Request = Omit<EdxmlJobRequest, 'id'>;
interface Job { id: number; request: Request; bytes: number; resolve: (v: unknown) => void; reject: (e: unknown) => void }
interface Slot { worker: Worker | null; job: Job | null; timer?: NodeJS.Timeout; idle?: NodeJS.Timeout }

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

  /** Runs one operation; bytes are copied once into a buffer that is transferred (the caller's Buffer is untouched). */
  run<T>(request: Request): Promise<T> {
    if (this.closed) return Promise.reject(this.failure('closed'));
    let input = request.input;
    if (typeof input !== 'string' && !(input instanceof Uint8Array)) input = ''; // refused by the library as empty, like the sync call
    else if (typeof input !== 'string') input = new Uint8Array(input); // a copy with its own ArrayBuffer, transferable (Buffer#slice would share)
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
      const { input } = job.request;
      const message: EdxmlJobRequest = { id: job.id, ...job.request };
      job.request = { op: job.request.op, input: '' }; // the worker owns the bytes now
      worker.postMessage(message, typeof input === 'string' ? [] : [input.buffer as ArrayBuffer]);
    }
  }

  private spawn(slot: Slot): Worker {
    const entry = workerEntry();
    const worker = new Worker(entry.file, {
      name: 'edxml',
      workerData: entry.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    worker.unref();
    worker.on('message', (m: EdxmlJobReply | { ready: true }) => {
      if (!('id' in m) || slot.worker !== worker || slot.job?.id !== m.id) return;
      if (m.ok) return this.finish(slot, null, m.result);
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
