import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { notPdf, pdfTooComplex, pdfUnreadable } from '../files.errors';
import { looksLikePdf } from '../pdf/pdf-inspect';
import { DEFAULT_DECODE_BUDGET } from './pdf-prescan';

export interface PdfGuardLimits {
  /** Wall-clock limit for one file (pre-scan + pdf-lib load). */
  timeoutMs: number;
  /** V8 heap of the worker thread. */
  heapMb: number;
  /** Decoded bytes of object/xref streams (pdf-lib decodes these at load). */
  decodeBudget: number;
}

interface Job {
  id: number;
  message: { path?: string; bytes?: Uint8Array };
  resolve: (info: { pageCount: number; encrypted: boolean }) => void;
  reject: (e: unknown) => void;
}

export const DEFAULT_PDF_GUARD_LIMITS: PdfGuardLimits = { timeoutMs: 10_000, heapMb: 256, decodeBudget: DEFAULT_DECODE_BUDGET };

/** The compiled worker next to this file, or (running from .ts under Jest) the .ts entry through a transpiling bootstrap. */
function workerEntry(): { file: string; workerData?: unknown } {
  const compiled = path.join(__dirname, 'pdf-inspect-worker.js');
  if (__filename.endsWith('.js') && existsSync(compiled)) return { file: compiled };
  return {
    file: path.join(__dirname, '../../signing/pdf-work/ts-worker-bootstrap.cjs'),
    workerData: { entry: path.join(__dirname, 'pdf-inspect-worker.ts') },
  };
}

/**
 * Untrusted PDFs are parsed here, never on the HTTP thread: one worker thread (started on first use, unref'd) with a
 * capped heap (resourceLimits), a wall-clock limit and a budget of decoded bytes checked before pdf-lib loads the
 * file. A breach — budget exceeded, time up, heap exhausted — terminates the worker (a fresh one serves the next file)
 * and the upload is refused with 422 PDF_TOO_COMPLEX. Files are checked one after another: a flood of uploads waits
 * in the queue instead of taking more memory or cores.
 */
@Injectable()
export class PdfGuard implements OnModuleDestroy {
  private readonly log = new Logger(PdfGuard.name);
  private readonly limits: PdfGuardLimits;
  private readonly queue: Job[] = [];
  private worker: Worker | null = null;
  private current: { job: Job; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;
  private closed = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = { ...DEFAULT_PDF_GUARD_LIMITS, timeoutMs: config.pdfParseTimeoutMs ?? DEFAULT_PDF_GUARD_LIMITS.timeoutMs };
  }

  /** An uploaded file on disk: 415 when it is not a PDF, 422 FILE_UNREADABLE / PDF_TOO_COMPLEX, else its page count. */
  inspectFile(filePath: string): Promise<{ pageCount: number }> {
    return this.run({ path: filePath });
  }

  /** The same for bytes already in memory (e.g. /signatures/verify). */
  inspectBytes(buf: Buffer): Promise<{ pageCount: number }> {
    if (!looksLikePdf(buf.subarray(0, 1024))) return Promise.reject(notPdf());
    return this.run({ bytes: new Uint8Array(buf) });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('PDF guard is shutting down'));
    if (this.current) this.finish(new Error('PDF guard is shutting down'));
    await this.worker?.terminate();
    this.worker = null;
  }

  private async run(message: Job['message']): Promise<{ pageCount: number }> {
    if (this.closed) throw new Error('PDF guard is shut down');
    const info = await new Promise<{ pageCount: number; encrypted: boolean }>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, resolve, reject });
      this.dispatch();
    });
    if (info.encrypted) throw pdfUnreadable('encrypted');
    return { pageCount: info.pageCount };
  }

  private dispatch(): void {
    if (this.current || this.queue.length === 0 || this.closed) return;
    const job = this.queue.shift() as Job;
    const worker = this.worker ?? this.spawn();
    const timer = setTimeout(() => this.breach(`time limit of ${this.limits.timeoutMs} ms`), this.limits.timeoutMs);
    this.current = { job, timer };
    worker.ref();
    worker.postMessage({ id: job.id, budget: this.limits.decodeBudget, ...job.message });
  }

  private spawn(): Worker {
    const entry = workerEntry();
    const worker = new Worker(entry.file, {
      name: 'pdf-inspect',
      workerData: entry.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    worker.unref();
    worker.on('message', (m: { id: number; info?: { pageCount: number; encrypted: boolean }; error?: { name: string; message: string } }) => {
      if (this.current?.job.id !== m.id) return;
      if (!m.error) return this.finish(null, m.info);
      if (m.error.name === 'PdfTooComplexError') return this.finish(pdfTooComplex());
      if (m.error.name === 'PdfUnreadableError') return this.finish(pdfUnreadable('damaged'));
      this.finish(new Error(`PDF inspection failed: ${m.error.name}: ${m.error.message}`));
    });
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.current) {
        this.log.warn(`PDF inspection worker stopped (${reason}); the file is refused as too complex`);
        this.finish(pdfTooComplex());
      }
    };
    worker.on('error', (e) => lost(e.message)); // ERR_WORKER_OUT_OF_MEMORY when the heap cap is hit
    worker.on('exit', (code) => lost(`exit ${code}`));
    this.worker = worker;
    return worker;
  }

  /** Time is up: the worker is killed mid-parse and replaced for the next file. */
  private breach(reason: string): void {
    const worker = this.worker;
    this.worker = null;
    this.log.warn(`PDF inspection stopped at the ${reason}`);
    this.finish(pdfTooComplex());
    void worker?.terminate();
  }

  private finish(error: unknown, info?: { pageCount: number; encrypted: boolean }): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    clearTimeout(current.timer);
    this.worker?.unref();
    if (error) current.job.reject(error);
    else current.job.resolve(info as { pageCount: number; encrypted: boolean });
    this.dispatch();
  }
}
