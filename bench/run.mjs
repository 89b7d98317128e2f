#!/usr/bin/env node
// npm run bench [-- --scale small|province] [--only B1,B2,...]
// Seeds a bench database, starts the built service as its own process and measures B1–B5, each beside the best this
// machine does without our code in the same run. Writes bench/results/latest.json and appends to docs/BENCHMARKS.md.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { HttpClient } from './lib/load.mjs';
import { machineFacts } from './lib/machine.mjs';
import { writeResults } from './lib/report.mjs';
import { seedDocuments, seedWards, WARD_GROUPS } from './lib/seed.mjs';
import { startServer } from './lib/server.mjs';
import { b1Http, b1Raw, verifyGapless } from './scenarios/b1-registration.mjs';
import { b2Http, b2Raw, b3Inbox, b3Worklist } from './scenarios/b2-b3-reads.mjs';
import { b4Issue } from './scenarios/b4-issue.mjs';
import { apiStep, ramp, rawStep, roundRobin } from './scenarios/b5-ramp.mjs';
import { makePdf } from './lib/pdf.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
};
const SCALES = { small: { documents: 100_000, heavyLines: 5_000 }, province: { documents: 3_000_000, heavyLines: 5_000 } };
const scale = arg('scale', 'small');
if (!SCALES[scale]) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const only = new Set((arg('only', 'B1,B2,B3,B4,B5')).split(',').map((s) => s.trim().toUpperCase()));
const WARDS = Number(arg('wards', '60'));
// B1's own wards, one per client (seed.mjs WARD_GROUPS): its registrations never land in the wards B2–B5 read.
const B1_WARDS = 32;
const log = (m) => process.stderr.write(`${m}\n`);

async function main() {
  const started = Date.now();
  const { loadConfig } = require(join(root, 'dist', 'src', 'config', 'app-config.js'));
  const { migrateDatabase } = require(join(root, 'dist', 'src', 'database', 'migrate.js'));
  const baseUrl = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  // --db NAME: a database of one's own (e.g. a copy made with CREATE DATABASE … TEMPLATE vanthu_bench_small) so that
  // runs from several worktrees on one machine do not measure each other's data.
  const dbName = arg('db', `vanthu_bench_${scale}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error('--db must be a plain lower-case identifier');
  // --profile: the API process runs under --cpu-prof; its profile lands in bench/results/profiles/.
  const cpuProfDir = process.argv.includes('--profile') ? join(root, 'bench', 'results', 'profiles') : undefined;
  // --reuse measures again on the database the previous run seeded (for before/after comparisons of a product change).
  const reuse = process.argv.includes('--reuse');
  const admin = new pg.Client({ connectionString: baseUrl.toString() });
  await admin.connect();
  if (!reuse) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${dbName}`;
  const databaseUrl = dbUrl.toString();
  log(`Bench ${scale}: database ${dbName}`);
  await migrateDatabase(databaseUrl);
  // The API process is measured alone: job workers run as their own process in a scaled deployment, and a seeded year of
  // open lines would otherwise start a one-off catch-up of reminders that is not steady state. Cheap password hashing
  // only speeds up the bench's own logins (login is not measured).
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: join(root, 'data', 'bench'), ARGON2_MEMORY_KIB: '1024', LOG_LEVEL: 'error', WORKERS: 'off' };
  const config = loadConfig({ ...process.env, ...env });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 40 });
  const machine = await machineFacts(pool);
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));

  // Seeding (not measured). The trigram index is rebuilt once after the bulk load instead of row by row.
  const seedStart = Date.now();
  // --documents N: a smaller data set than the scale's (smoke runs of the bench itself).
  const perWard = Math.floor(Number(arg('documents', String(SCALES[scale].documents))) / WARDS);
  let wards;
  let b1Wards;
  let seeded = 0;
  if (reuse) {
    wards = await loadWards(pool, WARDS);
    b1Wards = await loadWards(pool, B1_WARDS, 'b1');
    seeded = (await pool.query(`SELECT count(*)::int AS n FROM incoming_documents`)).rows[0].n;
    log(`Reusing ${dbName}: ${wards.length} wards, ${seeded.toLocaleString('en')} documents`);
  } else {
  log(`Seeding ${WARDS} wards through the services…`);
  wards = (await seedWards({ root, config, wards: WARDS })).map((w, index) => ({ ...w, index }));
  b1Wards = (await seedWards({ root, config, wards: B1_WARDS, group: 'b1' })).map((w, i) => ({ ...w, index: 1000 + i }));
  const { rows: searchIdx } = await pool.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'incoming_documents' AND indexdef LIKE '%gin_trgm_ops%'`);
  for (const i of searchIdx) await pool.query(`DROP INDEX ${i.indexname}`);
  // B1's wards get at most 2,000 documents each: registration reads none of them (its duplicate check is an index probe),
  // and the indexes it writes are shared by all wards anyway.
  const b1PerWard = Math.min(perWard, 2000);
  const total = perWard * WARDS + b1PerWard * B1_WARDS;
  log(`Seeding ${total.toLocaleString('en')} incoming documents (+${SCALES[scale].heavyLines} open lines for one clerk)…`);
  const { Progress } = await import('./lib/progress.mjs');
  const progress = new Progress('documents', total + SCALES[scale].heavyLines);
  for (const w of [...wards, ...b1Wards]) {
    const count = w.index >= 1000 ? b1PerWard : perWard;
    seeded += await seedDocuments(pool, w, { count, year, openLinesForKtClerk: w.index === 0 ? SCALES[scale].heavyLines : 0 });
    progress.tick(seeded);
  }
  progress.done();
  log('Building the search index and analyzing…');
  for (const i of searchIdx) await pool.query(i.indexdef);
  await pool.query('ANALYZE');
  }
  const seedSeconds = (Date.now() - seedStart) / 1000;

  const port = 32000 + Math.floor(Math.random() * 2000);
  log('Starting the service…');
  const server = await startServer({ root, databaseUrl, port, env, cpuProfDir });
  const http = new HttpClient(server.base, 128);
  const tokens = new Map();
  const ctx = {
    wards,
    b1Wards,
    auth: async (ward, who) => {
      const key = `${ward.organizationId}:${who}`;
      const cached = tokens.get(key);
      if (cached && Date.now() - cached.at < 10 * 60_000) return cached.headers;
      const r = await http.request('POST', '/api/v1/auth/login', { body: { username: ward.users[who].username, password: 'Bench-Tai-Thu#2025' } });
      if (r.status !== 200) throw new Error(`login ${ward.users[who].username}: ${r.status} ${JSON.stringify(r.body)}`);
      const headers = { authorization: `Bearer ${r.body.accessToken}` };
      tokens.set(key, { at: Date.now(), headers });
      return headers;
    },
  };
  const figures = [];
  const notes = ['API process alone (WORKERS=off); bench client, API and PostgreSQL share the same machine.'];
  const raw = {};
  try {
    if (only.has('B1')) {
      for (const oneRegister of [false, true]) {
        const label = oneRegister ? 'one register' : `${B1_WARDS} wards`;
        // 3 s of each, not counted, first: the API process has just started (its first seconds ran at a quarter of its
        // later rate, JIT and pools warming), and production measures a process that has been up for hours.
        await b1Http({ http, ctx, clients: 32, seconds: 3, oneRegister });
        const h = await b1Http({ http, ctx, clients: 32, seconds: 15, oneRegister });
        await b1Raw({ pool, ctx, clients: 32, seconds: 3, oneRegister, year });
        const s = await b1Raw({ pool, ctx, clients: 32, seconds: 15, oneRegister, year });
        raw[`B1 ${label}`] = { http: h, raw: s };
        // A baseline that failed measures nothing: no ratio, and the target is not met.
        const valid = s.errors === 0 && s.rps > 0;
        if (!valid) notes.push(`B1 ${label}: the raw-SQL baseline failed (${s.firstErrors?.[0] ?? 'no requests'}); no ratio.`);
        figures.push({ id: 'B1', name: `registration, 32 clients, ${label}: req/s (p95 ${h.p95} ms vs ${s.p95} ms)`, value: h.rps, baseline: valid ? s.rps : null, unit: 'req/s',
          ratio: valid ? h.rps / s.rps : null, target: 'ratio ≥ 0.5', met: valid && h.rps / s.rps >= 0.5 && h.errors === 0 });
      }
      const gapless = await verifyGapless(pool);
      raw.B1gapless = gapless;
      figures.push({ id: 'B1', name: `numbers after B1: registers with a gap or duplicate (of ${gapless.registers})`, value: gapless.gapsOrDuplicates, unit: '', target: '0', met: gapless.gapsOrDuplicates === 0 });
    }
    if (only.has('B2')) {
      // As production's autovacuum would after B1's inserts: search plans on fresh statistics.
      await pool.query('ANALYZE incoming_documents');
      // Every query twice on each side first, not counted: whichever side ran first used to read the ward's pages into
      // PostgreSQL's cache for the other (the API ran first), and the API process had just started.
      await b2Http({ http, ctx, clients: 4, total: 40 });
      await b2Raw({ pool, ctx, clients: 4, total: 40 });
      const h = await b2Http({ http, ctx, clients: 4, total: 400 });
      const s = await b2Raw({ pool, ctx, clients: 4, total: 400 });
      raw.B2 = { http: h, raw: s };
      const target = scale === 'province' ? 'p95 ≤ 50 ms' : 'p95 ≤ 50 ms (province)';
      figures.push({ id: 'B2', name: 'search, 20 diacritic-free queries, one ward: p50', value: h.p50, baseline: s.p50, unit: 'ms', ratio: s.p50 / h.p50 });
      figures.push({ id: 'B2', name: 'search: p95', value: h.p95, baseline: s.p95, unit: 'ms', ratio: s.p95 / h.p95, target, met: h.p95 <= 50 });
    }
    if (only.has('B3')) {
      const h = await b3Inbox({ http, ctx, clients: 1, total: 200 });
      raw.B3 = h;
      figures.push({ id: 'B3', name: `/inbox, heavy user (${h.inboxItems} items): p50`, value: h.p50, unit: 'ms' });
      figures.push({ id: 'B3', name: '/inbox heavy user: p95', value: h.p95, unit: 'ms', target: 'p95 ≤ 20 ms', met: h.p95 <= 20 });
      const v2 = await b3Worklist({ http, ctx, clients: 1, total: 200 });
      raw.B3worklist = v2;
      figures.push({ id: 'B3', name: `/worklist first page, heavy user (${v2.worklistTotal} items): p50`, value: v2.p50, unit: 'ms' });
      figures.push({ id: 'B3', name: '/worklist heavy user: p95', value: v2.p95, unit: 'ms', target: 'p95 ≤ 20 ms', met: v2.p95 <= 20 });
    }
    if (only.has('B4')) {
      const b4 = await b4Issue({ http, ctx, root });
      raw.B4 = b4;
      if (b4.skipped) notes.push(`B4 not measured: ${b4.skipped}`);
      for (const pages of [3, 50]) {
        const r = b4[pages];
        if (!r) continue;
        figures.push({ id: 'B4', name: `issue (number + render + 2 PAdES), ${pages}-page draft: docs/s (baseline: bare pdf-lib load+save)`, value: r.docsPerSecond,
          baseline: r.baselinePerSecond, unit: 'docs/s', ratio: r.docsPerSecond / r.baselinePerSecond, ...(pages === 3 ? { target: '≥ 40 docs/s', met: r.docsPerSecond >= 40 } : {}) });
      }
    }
    if (only.has('B5')) {
      const docIdsByWard = {};
      const fileDocIdsByWard = {};
      const pdf = await makePdf(3);
      for (const w of wards) {
        const { rows } = await pool.query(`SELECT id FROM incoming_documents WHERE organization_id = $1 AND arrival_number IS NOT NULL ORDER BY random() LIMIT 200`, [w.organizationId]);
        docIdsByWard[w.organizationId] = rows.map((r) => r.id);
        const up = await uploadPdf(http, await ctx.auth(w, 'officeClerk'), pdf, `Công văn ${w.index}.pdf`);
        const ids = rows.slice(0, 50).map((r) => r.id);
        await pool.query(`UPDATE incoming_documents SET file_id = $2, page_count = 3 WHERE id = ANY($1)`, [ids, up.id]);
        fileDocIdsByWard[w.organizationId] = ids;
      }
      const registersByWard = {};
      for (const w of wards) {
        const { rows: [reg] } = await pool.query(`SELECT id, year FROM registers WHERE organization_id = $1 AND kind = 'incoming' AND year = $2
          AND department_id IS NULL AND NOT confidential AND is_default`, [w.organizationId, year]);
        registersByWard[w.organizationId] = reg;
      }
      const stepSeconds = Number(arg('ramp-step-seconds', '20'));
      const mix = { ctx, docIdsByWard, fileDocIdsByWard };
      const one = await ramp({ label: 'B5 API, 1 process', stepSeconds, log, step: apiStep({ http, ...mix }) });
      const bare = await ramp({ label: 'B5 raw SQL', stepSeconds, log,
        step: rawStep({ pool, ...mix, filesDir: join(root, 'data', 'bench', 'files'), registersByWard }) });
      // Two API processes behind a round-robin client, as two replicas behind a reverse proxy.
      const second = await startServer({ root, databaseUrl, port: port + 1, env, cpuProfDir });
      const http2 = new HttpClient(second.base, 128);
      let two;
      try {
        two = await ramp({ label: 'B5 API, 2 processes', stepSeconds, log, step: apiStep({ http: roundRobin([http, http2]), ...mix }) });
      } finally {
        http2.close();
        await second.stop();
      }
      raw.B5 = { oneProcess: one, twoProcesses: two, rawSql: bare, stepSeconds };
      const ratio = (r) => (bare.maxRate ? r.maxRate / bare.maxRate : null);
      figures.push({ id: 'B5', name: `mixed load ramp, API in 1 process: highest rate holding p95 ≤ 300 ms, 0 errors (${stepSeconds} s steps)`,
        value: one.maxRate, baseline: bare.maxRate, unit: 'req/s', ratio: ratio(one), target: 'ratio ≥ 0.5', met: (ratio(one) ?? 0) >= 0.5 });
      figures.push({ id: 'B5', name: 'mixed load ramp, API in 2 processes', value: two.maxRate, baseline: bare.maxRate, unit: 'req/s', ratio: ratio(two),
        target: '≥ 400 req/s (Hanoi morning wave)', met: two.maxRate >= 400 });
      // The attempt the ramp stopped at (an earlier missed attempt may have held when run again).
      const failed = one.steps.at(-1)?.ok === false ? one.steps.at(-1) : null;
      if (failed) notes.push(`B5 (1 process) stopped at ${failed.rate}/s: p95 ${failed.p95} ms, errors ${failed.errors}; slowest kinds: ${Object.entries(failed.byKind ?? {})
        .sort((a, b) => b[1].p95 - a[1].p95).slice(0, 3).map(([k, v]) => `${k} p95 ${v.p95} ms`).join(', ')}.`);
    }
  } finally {
    http.close();
    await server.stop();
    await pool.end();
  }
  const results = {
    startedAt: new Date(started).toISOString(), scale, machine, durationSeconds: (Date.now() - started) / 1000,
    dataset: { wards: WARDS, documents: seeded, seedSeconds }, figures, notes, raw,
  };
  const out = writeResults(root, results);
  for (const f of figures) log(`${f.id.padEnd(3)} ${f.name}: ${Math.round(f.value * 100) / 100} ${f.unit}${f.baseline !== undefined ? ` (baseline ${Math.round(f.baseline * 100) / 100}, ratio ${Math.round(f.ratio * 100) / 100})` : ''}${f.met === undefined ? '' : f.met ? ' ✓' : ' ✗ target ' + f.target}`);
  log(`Wrote ${out.json} and appended to ${out.markdown}`);
}

/** The wards a previous run seeded, rebuilt from the database (same shape as seedWards returns). */
async function loadWards(pool, count, group = 'main') {
  const g = WARD_GROUPS[group];
  const { DEMO_PEOPLE, DEMO_DEPARTMENTS } = require(join(root, 'dist', 'src', 'demo', 'demo-ward.js'));
  const wards = [];
  for (let index = 0; index < count; index++) {
    const { rows: [org] } = await pool.query(`SELECT id FROM organizations WHERE code = $1`, [g.code(index)]);
    if (!org) throw new Error(`--reuse: ward ${g.code(index)} is not in the bench database; run without --reuse first`);
    const users = {};
    for (const [key, p] of Object.entries(DEMO_PEOPLE)) {
      const { rows: [u] } = await pool.query(`SELECT id, username, full_name FROM users WHERE username = $1`, [`${p.username}${g.suffix(index)}`]);
      users[key] = { id: u.id, username: u.username, fullName: u.full_name };
    }
    const departments = {};
    for (const [key, d] of Object.entries(DEMO_DEPARTMENTS)) {
      const { rows: [dep] } = await pool.query(`SELECT id, name, code FROM departments WHERE organization_id = $1 AND code = $2`, [org.id, d.code]);
      departments[key] = dep;
    }
    wards.push({ organizationId: org.id, departments, users, index: group === 'main' ? index : 1000 + index });
  }
  return wards;
}

async function uploadPdf(http, headers, pdf, name) {
  const boundary = `----vanthu${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(name)}; filename="file.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await http.request('POST', '/api/v1/files', { headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
  if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
