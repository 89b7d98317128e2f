import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { fileIntegrityFailed } from './files.errors';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Temp files older than this are leftovers of a crash (an upload in progress on any replica is far younger). */
const STALE_TEMP_MS = 24 * 3600 * 1000;

/**
 * The content-addressed store on disk: FILES_DIR/sha256/ab/cd/<hash>, written once through FILES_DIR/tmp (same file
 * system, so the final rename is atomic). The same bytes are stored once however many rows point at them; a blob is
 * never rewritten with other content, so an orphan (a row rolled back after the blob landed) is harmless.
 */
@Injectable()
export class BlobStore implements OnModuleInit {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = config.filesDir;
  }

  async onModuleInit(): Promise<void> {
    const dir = join(this.root, 'tmp');
    const names = await readdir(dir).catch(() => [] as string[]);
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const name of names.filter((n) => n.endsWith('.part'))) {
      const s = await stat(join(dir, name)).catch(() => null);
      if (s && s.mtimeMs < cutoff) await rm(join(dir, name), { force: true });
    }
  }

  /** A fresh temporary path; the caller writes it and then commits or discards it. */
  async tempPath(): Promise<string> {
    const dir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, `${randomUUID()}.part`);
  }

  pathOf(sha256: string): string {
    // The hash is the only thing that names a path; it is checked, so nothing else can steer where bytes go.
    if (!SHA256_HEX.test(sha256)) throw new Error(`BlobStore: not a SHA-256: ${sha256}`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Moves a written temp file into place under its hash. When the blob exists the rename replaces it with identical
   * bytes, which also repairs a blob damaged on disk. The data is fsynced before the rename.
   */
  async commit(tempPath: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(join(target, '..'), { recursive: true });
    const fh = await open(tempPath, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tempPath, 0o444);
    await rename(tempPath, target);
  }

  async discard(tempPath: string | null): Promise<void> {
    if (tempPath) await rm(tempPath, { force: true });
  }

  async putBuffer(buf: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(buf).digest('hex');
    const tmp = await this.tempPath();
    try {
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(buf);
      } finally {
        await fh.close();
      }
      await this.commit(tmp, sha256);
    } catch (e) {
      await this.discard(tmp);
      throw e;
    }
    return sha256;
  }

  async exists(sha256: string, size: number): Promise<boolean> {
    const s = await stat(this.pathOf(sha256)).catch(() => null);
    return !!s && s.size === size;
  }

  /** The whole blob, after checking its size and SHA-256. */
  async readVerified(sha256: string, size: number, fileId?: string): Promise<Buffer> {
    const buf = await readFile(this.pathOf(sha256)).catch(() => null);
    if (!buf || buf.length !== size || createHash('sha256').update(buf).digest('hex') !== sha256) throw fileIntegrityFailed(fileId);
    return buf;
  }

  /** Checks size and SHA-256 by streaming, without holding the blob in memory. */
  async verify(sha256: string, size: number, fileId?: string): Promise<void> {
    const hash = createHash('sha256');
    let read = 0;
    try {
      await pipeline(createReadStream(this.pathOf(sha256)), async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          read += chunk.length;
          hash.update(chunk);
        }
      });
    } catch {
      throw fileIntegrityFailed(fileId);
    }
    if (read !== size || hash.digest('hex') !== sha256) throw fileIntegrityFailed(fileId);
  }

  /**
   * A read stream that hashes as it goes and holds back its last chunk until the hash is confirmed: when the bytes
   * changed since verify(), the stream fails before the declared Content-Length is reached, so a client never
   * receives a complete response with bad bytes.
   */
  openVerifying(sha256: string, size: number, fileId?: string): NodeJS.ReadableStream {
    const hash = createHash('sha256');
    let held: Buffer | null = null;
    let read = 0;
    const guard = new Transform({
      transform(chunk: Buffer, _enc, cb: TransformCallback) {
        read += chunk.length;
        hash.update(chunk);
        const previous = held;
        held = chunk;
        cb(null, previous ?? undefined);
      },
      flush(cb: TransformCallback) {
        if (read !== size || hash.digest('hex') !== sha256) return cb(fileIntegrityFailed(fileId));
        cb(null, held ?? undefined);
      },
    });
    const source = createReadStream(this.pathOf(sha256));
    source.on('error', (e) => guard.destroy(e));
    return source.pipe(guard);
  }
}
