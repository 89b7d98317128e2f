#!/usr/bin/env node
// node bench/profile-summary.mjs <file.cpuprofile> [--top 30] [--grep text]
// Sums a V8 CPU profile's self time by function (name + file:line) and by file or package, as a share of the busy time
// (idle and GC listed apart). Used on the API's profile from `node bench/run.mjs --profile` (docs/BENCHMARKS.md).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N] [--grep text]\n');
  process.exit(2);
}
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const top = Number(arg('top', '30'));
const grep = arg('grep', null);
// --from / --to (seconds since the profile started): a window, e.g. one step of the B5 ramp.
const from = Number(arg('from', '0')) * 1e6;
const to = Number(arg('to', 'Infinity')) * 1e6;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time of each node from the sample stream (timeDeltas[i] is the time before sample i).
const self = new Map();
let total = 0;
let clock = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  clock += dt;
  if (clock < from || clock > to) continue;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  total += dt;
}

const where = (cf) => {
  const url = cf.url || '';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `pkg ${m[1]}`;
  if (url.includes('/dist/src/')) return url.slice(url.indexOf('/dist/src/') + 1);
  if (url.startsWith('node:')) return url;
  return url || '(native)';
};
const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
const fnKey = (cf) => `${cf.functionName || '(anonymous)'} ${where(cf)}:${cf.lineNumber + 1}`;
const sums = { fn: new Map(), file: new Map(), special: new Map() };
let busy = 0;
for (const [id, t] of self) {
  const cf = byId.get(id).callFrame;
  if (special.has(cf.functionName)) {
    sums.special.set(cf.functionName, (sums.special.get(cf.functionName) ?? 0) + t);
    if (cf.functionName !== '(idle)') busy += t;
    continue;
  }
  busy += t;
  sums.fn.set(fnKey(cf), (sums.fn.get(fnKey(cf)) ?? 0) + t);
  sums.file.set(where(cf), (sums.file.get(where(cf)) ?? 0) + t);
}

// Inclusive time of the frames whose name or file contains --grep (each sample counted once).
let inclusive = 0;
if (grep) {
  for (const [id, t] of self) {
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const cf = byId.get(n).callFrame;
      if (`${cf.functionName} ${cf.url}`.includes(grep)) {
        inclusive += t;
        break;
      }
    }
  }
}

const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
const print = (title, map) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${ms(v)} ${pct(v)}  ${k}\n`);
};
process.stdout.write(`profile ${file}\nwall ${ms(total)}, busy (not idle) ${ms(busy)}\n`);
for (const [k, v] of sums.special) process.stdout.write(`${k.padEnd(20)} ${ms(v)}${k === '(idle)' ? '' : ` ${pct(v)}`}\n`);
if (grep) process.stdout.write(`inclusive time of frames matching "${grep}": ${ms(inclusive)} ${pct(inclusive)}\n`);
print('self time by file / package (share of busy time)', sums.file);
print('self time by function', sums.fn);
