#!/usr/bin/env node
// node bench/cpu-per-request.mjs [--db vanthu_bench_small] [--n 100] [--only write,me,worklist]
// CPU cost of one request of each B5 kind, read from /proc (user + system time of the API process and of its
// PostgreSQL backends) over N sequential requests on a bench database seeded by `node bench/run.mjs`. Unlike latencies,
// CPU time hardly moves when other processes load the machine, so before/after comparisons hold on a shared machine
// (docs/BENCHMARKS.md, 2026-12-02). Linux only. Uses the build in dist/ of the checkout it lives in.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { HttpClient } from './lib/load.mjs';
import { startServer } from './lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
base.pathname = `/${arg('db', 'vanthu_bench_small')}`;
const url = base.toString();
const N = Number(arg('n', '100'));
const only = arg('only', null)?.split(',');
const PASSWORD = 'Bench-Tai-Thu#2025';

/** User + system CPU of a process in ms (clock ticks of 10 ms). */
const cpuOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
};

const server = await startServer({ root, databaseUrl: url, port: 33000 + Math.floor(Math.random() * 900),
  env: { WORKERS: 'off', LOG_LEVEL: 'error', ARGON2_MEMORY_KIB: '1024' } });
const http = new HttpClient(server.base, 8);
const pool = new pg.Pool({ connectionString: url, max: 2 });
const login = async (username) => {
  const r = await http.request('POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return { authorization: `Bearer ${r.body.accessToken}` };
};
try {
  // Ward 3's office clerk (an ordinary ward) and ward 0's Phòng Kinh tế clerk (the heavy worklist of B3).
  const { rows: [org] } = await pool.query(`SELECT id FROM organizations WHERE code = '000.03.99.H29'`);
  const { rows: docs } = await pool.query(`SELECT id FROM incoming_documents WHERE organization_id = $1 AND arrival_number IS NOT NULL LIMIT 20`, [org.id]);
  const clerk = await login('vanthu.w3');
  const heavy = await login('vt.kinhte.w0');
  const today = new Date().toISOString().slice(0, 10);
  const tag = Date.now().toString(36);
  let n = 0;
  const kinds = {
    list: (i) => http.request('GET', `/api/v1/incoming-documents?page=${1 + (i % 5)}&pageSize=20`, { headers: clerk }),
    detail: (i) => http.request('GET', `/api/v1/incoming-documents/${docs[i % docs.length].id}`, { headers: clerk }),
    departments: () => http.request('GET', '/api/v1/departments', { headers: clerk }),
    registers: () => http.request('GET', '/api/v1/registers?kind=incoming', { headers: clerk }),
    write: () => http.request('POST', '/api/v1/incoming-documents', { headers: clerk, body: { channel: 'paper', issuerName: 'Sở Tài chính',
      symbol: `${++n}/STC-cpu${tag}`, documentType: 'CONG_VAN', documentDate: today, summary: `Công văn đo CPU số ${n}`, urgency: 'normal', confidentiality: 'normal' } }),
    search: (i) => http.request('GET', `/api/v1/incoming-documents?q=${encodeURIComponent(['giao dat', 'chuyen doi so', 'khieu nai'][i % 3])}`, { headers: clerk }),
    me: () => http.request('GET', '/api/v1/auth/me', { headers: clerk }),
    worklist: () => http.request('GET', '/api/v1/worklist?limit=50', { headers: clerk }),
    worklistHeavy: () => http.request('GET', '/api/v1/worklist?limit=50', { headers: heavy }),
  };
  for (const [kind, request] of Object.entries(kinds)) {
    if (only && !only.includes(kind)) continue;
    for (let i = 0; i < 5; i++) await request(i);
    const backends = (await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vanthu'`)).rows.map((r) => r.pid);
    const pgCpu = () => backends.reduce((sum, pid) => sum + cpuOf(pid), 0);
    const api0 = cpuOf(server.pid);
    const pg0 = pgCpu();
    const ms = [];
    let status;
    for (let i = 0; i < N; i++) {
      const r = await request(i);
      status = r.status;
      ms.push(r.ms);
    }
    ms.sort((a, b) => a - b);
    process.stdout.write(`${kind.padEnd(14)} HTTP ${status}  CPU per request: API ${((cpuOf(server.pid) - api0) / N).toFixed(2)} ms, PostgreSQL ${((pgCpu() - pg0) / N).toFixed(2)} ms;`
      + ` latency p50 ${ms[Math.floor(N / 2)].toFixed(1)} ms\n`);
  }
} finally {
  http.close();
  await pool.end();
  await server.stop();
}
