#!/usr/bin/env node
// Jobs processed per second on the PostgreSQL and Redis BullMQ backends, with the connection settings the app uses
// (src/common/queue/job-backend.ts). Each run: a fresh database (PostgreSQL backend in its schema `bullmq`) or a fresh
// Redis prefix, N jobs added in bulk, then timed from the first to the last completion of a no-op processor.
//   npm run build && node bench/jobs-throughput.mjs [--jobs 5000] [--concurrency 1,10,50]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { JobBackend } = require(join(root, 'dist', 'src', 'common', 'queue', 'job-backend.js'));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const JOBS = Number(arg('jobs', '5000'));
const CONCURRENCY = arg('concurrency', '1,10,50').split(',').map(Number);
const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const dbName = `vanthu_bench_jobs_${process.pid}`;
const dbUrl = new URL(base);
dbUrl.pathname = `/${dbName}`;

async function run(kind, concurrency) {
  const name = `bench-${kind}-${concurrency}`;
  const backend = new JobBackend({ databaseUrl: dbUrl.toString(), redisUrl: kind === 'redis' ? redisUrl : null });
  await backend.prepare();
  const queue = new backend.Queue(name, { connection: backend.queueConnection(), prefix: backend.prefix });
  await queue.obliterate({ force: true }).catch(() => undefined);
  for (let i = 0; i < JOBS; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => ({
      name: 'bench', data: { v: 1, orgId: null, n: i + k }, opts: { jobId: `bench-${i + k}`, removeOnComplete: { age: 3600 } },
    })));
  }
  let done = 0;
  let first = 0;
  let last = 0;
  const finished = new Promise((resolve) => {
    const worker = new backend.Worker(name, async () => {
      if (!first) first = performance.now();
    }, { connection: backend.workerConnection(), prefix: backend.prefix, concurrency });
    worker.on('completed', () => {
      if (++done === JOBS) {
        last = performance.now();
        resolve(worker);
      }
    });
  });
  const worker = await finished;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return JOBS / ((last - first) / 1000);
}

const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const rows = [];
for (const concurrency of CONCURRENCY) {
  for (const kind of ['postgres', 'redis']) {
    const rate = await run(kind, concurrency);
    rows.push({ backend: kind, concurrency, jobs: JOBS, jobsPerSecond: Math.round(rate) });
    process.stderr.write(`${kind.padEnd(8)} concurrency ${String(concurrency).padStart(3)}: ${Math.round(rate)} jobs/s\n`);
  }
}
// Connections of closed workers may linger for a moment; the database goes once everything is closed.
process.on('uncaughtException', (e) => { if (e?.code !== '57P01') throw e; });
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
console.log(JSON.stringify({ node: process.version, jobs: JOBS, rows }, null, 2));
