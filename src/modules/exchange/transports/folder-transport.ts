import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExchangeTransport, InboundEnvelope, OutboundEnvelope } from './transport';

const SAFE = /[^A-Za-z0-9._-]/g;

/**
 * A folder pair, for provincial gateways that exchange files: packages to send are written to `out/`, packages
 * received are read from `in/`. A file is written under a temporary name and renamed, so the gateway never picks up
 * half a file; its name carries the recipient and the message id (`<to>__<messageId>.xml`), so a repeated send
 * rewrites the same file. An inbound file is moved to `in/done/` once it was taken in.
 */
export class FolderTransport implements ExchangeTransport {
  readonly name = 'folder' as const;

  constructor(private readonly root: string) {}

  private dir(name: string) {
    return join(this.root, name);
  }

  async register(): Promise<void> {
    for (const d of ['in', 'out', join('in', 'done')]) await mkdir(this.dir(d), { recursive: true });
  }

  async send(e: OutboundEnvelope): Promise<void> {
    await this.register();
    const name = `${e.to.replace(SAFE, '_')}__${e.messageId.replace(SAFE, '_')}.xml`;
    const tmp = join(this.dir('out'), `.${name}.tmp`);
    await writeFile(tmp, e.xml, 'utf8');
    await rename(tmp, join(this.dir('out'), name));
  }

  async receive(organIds: string[]): Promise<InboundEnvelope[]> {
    const inbox = this.dir('in');
    await mkdir(join(inbox, 'done'), { recursive: true });
    const wanted = new Set(organIds.map((o) => o.replace(SAFE, '_')));
    const names = (await readdir(inbox)).filter((n) => n.endsWith('.xml') && !n.startsWith('.')).sort();
    const out: InboundEnvelope[] = [];
    for (const name of names.slice(0, 50)) {
      const [to, rest] = name.includes('__') ? name.split('__', 2) : [null, name];
      if (to && !wanted.has(to)) continue;
      const path = join(inbox, name);
      const xml = await readFile(path, 'utf8').catch(() => null);
      if (xml === null) continue;
      out.push({
        messageId: (rest ?? name).replace(/\.xml$/, ''), to: to ? organIds.find((o) => o.replace(SAFE, '_') === to) ?? to : null, xml,
        ack: async () => {
          await rename(path, join(inbox, 'done', name)).catch(async () => unlink(path).catch(() => undefined));
        },
      });
    }
    return out;
  }
}
