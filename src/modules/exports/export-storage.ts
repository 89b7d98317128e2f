import { Inject, Injectable } from '@nestjs/common';
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where finished exports lie: FILES_DIR/exports/<organization>/<export id>.<ext>. A file is written beside its final
 * name (".part") and renamed when complete, so a half-written file is never served. Paths are built from ids only.
 */
@Injectable()
export class ExportStorage {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = resolve(config.filesDir, 'exports');
  }

  relativePath(orgId: string, id: string, ext: string): string {
    if (!UUID.test(orgId) || !UUID.test(id) || !/^[a-z]{3,4}$/.test(ext)) throw new Error('ExportStorage: bad id or extension');
    return `${orgId}/${id}.${ext}`;
  }

  absolute(relative: string): string {
    const p = resolve(this.root, relative);
    if (!p.startsWith(this.root + sep)) throw new Error('ExportStorage: path outside the exports folder');
    return p;
  }

  /** A stream into "<final>.part"; call commit() when the writer has finished. */
  async open(relative: string): Promise<{ stream: WriteStream; partPath: string }> {
    const final = this.absolute(relative);
    await mkdir(dirname(final), { recursive: true });
    const partPath = `${final}.part`;
    return { stream: createWriteStream(partPath), partPath };
  }

  async commit(relative: string): Promise<number> {
    const final = this.absolute(relative);
    await rename(`${final}.part`, final);
    return (await stat(final)).size;
  }

  async size(relative: string): Promise<number | null> {
    const s = await stat(this.absolute(relative)).catch(() => null);
    return s ? s.size : null;
  }

  read(relative: string): ReadStream {
    return createReadStream(this.absolute(relative));
  }

  /** Removes the file and any leftover part; missing files are fine (idempotent cleanup). */
  async remove(relative: string): Promise<void> {
    const final = this.absolute(relative);
    await rm(final, { force: true });
    await rm(`${final}.part`, { force: true });
  }
}
