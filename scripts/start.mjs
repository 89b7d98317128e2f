#!/usr/bin/env node
// `npm start` on a fresh machine: install dependencies if missing, build when sources changed, then run the service
// (it creates the database if needed, migrates, bootstraps the administrator and serves on :3000).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const worker = process.argv.includes('--worker');
const entry = join(root, 'dist', 'src', worker ? 'worker.js' : 'main.js');

function run(cmd, args, { orElse } = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status === 0) return;
  if (orElse) return run(...orElse);
  process.exit(r.status ?? 1);
}

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (name.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  // The lock holds every platform's optional binaries, so `npm ci` installs exactly it and leaves it untouched.
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'migrations')), statSync(join(root, 'package.json')).mtimeMs);
if (!built || sources > built) run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);

// The web application (served at / by the service) is built once, and again only when its sources change.
if (!worker && buildWeb() !== 0) process.exit(1);

// `--build-only`: install and build as above, run nothing (tests that spawn several processes build once first).
if (!process.argv.includes('--build-only')) createRequire(import.meta.url)(entry);
