import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../../common/errors/domain-error';

export interface DocxConverterOptions {
  /** The LibreOffice binary (Debian: libreoffice-writer-nogui). */
  soffice: string;
  timeoutMs: number;
  /** Conversions running at once; more wait in line. */
  concurrency: number;
}

const DEFAULTS: DocxConverterOptions = { soffice: 'soffice', timeoutMs: 60_000, concurrency: 1 };

/** A .docx by its first bytes and content: a ZIP holding word/document.xml. */
export function looksLikeDocx(buf: Buffer): boolean {
  return buf.length > 30 && buf.subarray(0, 4).toString('latin1') === 'PK\x03\x04' && buf.includes('word/document.xml');
}

/**
 * Word drafts to PDF with LibreOffice headless, one conversion per temporary directory with its own user profile
 * (-env:UserInstallation), so conversions never share or lock a profile; each has a timeout after which the whole
 * process group is killed, and at most `concurrency` run at once. Fonts come from Debian packages
 * (fonts-liberation2: Times New Roman metrics), so line breaks match Word's closely.
 */
export class DocxConverter {
  private readonly o: DocxConverterOptions;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: Partial<DocxConverterOptions> = {}) {
    this.o = { ...DEFAULTS, ...options };
  }

  async toPdf(docx: Buffer): Promise<Buffer> {
    if (!looksLikeDocx(docx)) throw new DomainError('UNSUPPORTED_FILE_TYPE', 'Tệp không phải văn bản Word (.docx).');
    await this.acquire();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-docx-'));
    try {
      await writeFile(path.join(dir, 'du-thao.docx'), docx);
      await this.run(dir);
      return await readFile(path.join(dir, 'du-thao.pdf'));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError('FILE_UNREADABLE', 'Không chuyển được tệp Word sang PDF; hãy mở tệp trong Word, lưu lại (hoặc xuất PDF) rồi gửi lại.');
    } finally {
      await rm(dir, { recursive: true, force: true });
      this.release();
    }
  }

  private run(dir: string): Promise<void> {
    const args = [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--nolockcheck',
      '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'du-thao.docx')];
    return new Promise((resolve, reject) => {
      const child = spawn(this.o.soffice, args, { detached: true, stdio: 'ignore', env: { ...process.env, HOME: dir } });
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL'); // the whole group: soffice starts a child of its own
        } catch { /* already gone */ }
        reject(new DomainError('FILE_UNREADABLE', `Chuyển tệp Word sang PDF quá ${Math.round(this.o.timeoutMs / 1000)} giây nên đã dừng.`));
      }, this.o.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`soffice exited with ${code}`));
      });
    });
  }

  private async acquire(): Promise<void> {
    if (this.running < this.o.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
