#!/usr/bin/env node
// The JavaScript the sign-in page loads on first visit, gzipped: the entry chunk, its static imports (modulepreload)
// and the sign-in route chunk with its own static imports. Budget: 250 KB (issue 11). Exits 1 over budget.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');
const BUDGET = 250 * 1024;
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const files = new Set();
function walk(key) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) walk(dep);
}
walk('index.html');
walk('src/pages/SignIn.tsx');

let total = 0;
for (const f of files) {
  const gz = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += gz;
  console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB  ${f}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB  sign-in page, first load, gzipped (budget ${BUDGET / 1024} KB)`);
process.exit(total <= BUDGET ? 0 : 1);
