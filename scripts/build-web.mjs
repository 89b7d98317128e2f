#!/usr/bin/env node
// Builds the web application (web/ → web/dist) with Vite, only when its sources are newer than the last build
// (`--force` always builds). Used by `npm run build`, `npm start` and `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = 0;
  for (const name of readdirSync(path)) n = Math.max(n, newest(join(path, name)));
  return n;
}

export function webIsStale() {
  const built = join(web, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newest(join(web, 'src')), newest(join(web, 'index.html')), newest(join(web, 'vite.config.ts')),
    statSync(join(root, 'package.json')).mtimeMs);
  return sources > statSync(built).mtimeMs;
}

export function buildWeb({ force = false } = {}) {
  if (!force && !webIsStale()) return 0;
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const status = buildWeb({ force: process.argv.includes('--force') });
  if (status === 0 && !process.argv.includes('--quiet')) console.log('web/dist is up to date');
  process.exit(status);
}
