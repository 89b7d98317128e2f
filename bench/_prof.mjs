// temporary: profile the API under registration load (not committed)
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient, closedLoop } from './lib/load.mjs';
import { startServer } from './lib/server.mjs';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (n, f) => { const i = process.argv.indexOf(`--${n}`); return i > 0 ? process.argv[i + 1] : f; };
const url = 'postgres://postgres@127.0.0.1:5432/vanthu_bench_small';
const prof = process.argv.includes('--prof') ? join(root, 'bench/results/profiles') : undefined;
if (prof) mkdirSync(prof, { recursive: true });
const kind = arg('kind', 'write');
const cpuOf = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return { u: Number(f[11]) * 10, s: Number(f[12]) * 10 }; };
const server = await startServer({ root, databaseUrl: url, port: 34000 + Math.floor(Math.random() * 900), cpuProfDir: prof,
  env: { WORKERS: 'off', LOG_LEVEL: 'error', ARGON2_MEMORY_KIB: '1024' } });
const http = new HttpClient(server.base, 32);
const heads = [];
for (let w = 1; w <= 16; w++) {
  const r = await http.request('POST', '/api/v1/auth/login', { body: { username: `vanthu.w${w}`, password: 'Bench-Tai-Thu#2025' } });
  heads.push({ authorization: `Bearer ${r.body.accessToken}` });
}
const today = new Date().toISOString().slice(0, 10); const tag = Date.now().toString(36); let n = 0;
const req = (c) => kind === 'me' ? http.request('GET', '/api/v1/auth/me', { headers: heads[c % 16] })
  : http.request('POST', '/api/v1/incoming-documents', { headers: heads[c % 16], body: { channel: 'electronic', issuerName: 'Sở Tài chính',
    symbol: `${++n}/STC-p${tag}`, documentType: 'CONG_VAN', documentDate: today, summary: `Công văn đo CPU số ${n}`, urgency: 'normal', confidentiality: 'normal' } });
const next = async (c) => { const r = await req(c); return { ok: r.status < 300, status: r.status, ms: r.ms }; };
await closedLoop({ label: 'warm', clients: 16, seconds: Number(arg('warm', '5')), next });
import { execSync } from 'node:child_process';
const pgPids = () => execSync('pgrep -x postgres || pgrep postgres').toString().trim().split('\n').map(Number);
const pgSum = () => pgPids().reduce((t, p) => { try { const c = cpuOf(p); return t + c.u + c.s; } catch { return t; } }, 0);
const stat = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
const self0 = process.cpuUsage(); const pg0 = pgSum(); const st0 = stat();
const a = cpuOf(server.pid);
const r = await closedLoop({ label: 'measure', clients: 16, seconds: Number(arg('s', '15')), next });
const b = cpuOf(server.pid);
const pg1 = pgSum(); const self1 = process.cpuUsage(self0); const st1 = stat();
const d = st1.map((v, i) => v - st0[i]); const tot = d.reduce((x, y) => x + y, 0);
console.log(`machine: user ${(100*d[0]/tot).toFixed(0)}% sys ${(100*d[2]/tot).toFixed(0)}% idle ${(100*d[3]/tot).toFixed(0)}% softirq ${(100*d[6]/tot).toFixed(0)}%; per req PG ${((pg1-pg0)/r.requests).toFixed(2)} ms, bench client ${((self1.user+self1.system)/1000/r.requests).toFixed(2)} ms`);
const count = r.requests;
console.log(JSON.stringify(r), `API user ${(b.u - a.u)} ms sys ${(b.s - a.s)} ms; per req user ${((b.u - a.u) / count).toFixed(2)} sys ${((b.s - a.s) / count).toFixed(2)}`);
http.close(); await server.stop();
