import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let demoDir: string | undefined;
const cache = new Map<string, Buffer>();

/** assets/demo above this file, from src/ (Jest) and dist/src/ (compiled) alike. */
function findDemoDir(): string {
  if (demoDir) return demoDir;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets', 'demo');
    if (existsSync(path.join(candidate, 'seal-ubnd.png'))) return (demoDir = candidate);
    if (path.dirname(dir) === dir) throw new Error(`assets/demo/seal-ubnd.png not found above ${__dirname}`);
  }
}

function demoFile(name: string): Buffer {
  let b = cache.get(name);
  if (!b) {
    b = readFileSync(path.join(findDemoDir(), name));
    cache.set(name, b);
  }
  return b;
}

/** The demo ward's shipped images: one of four blue signatures per person (stable per user id), the red UBND seal. */
export const demoSignatureImage = (userId: string): Buffer =>
  demoFile(`signature-${(createHash('sha256').update(userId).digest()[0] % 4) + 1}.png`);

export const demoSealImage = (): Buffer => demoFile('seal-ubnd.png');
