import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminUrl, testDatabaseUrl, testDbName } from '../setup/test-db';

/**
 * Two vanthu agencies in two separate processes, each with its own database and data directory (its own keys), and
 * the axis simulator (scripts/axis-simulator.mjs) between them — what two wards on two deployments look like.
 */
const root = join(__dirname, '..', '..');
const NO_ENV_FILE = join(tmpdir(), 'vanthu-no-env-file');
export const DEMO_PASSWORD_RE = /password for all: (\S+)\)/;

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs: number, log: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined && v !== null && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${log() ? `; the processes printed:\n${log().slice(-6000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export interface Axis {
  url: string;
  proc: ChildProcess;
  setFaults(f: { drop?: number; duplicate?: number; delay?: number; delayMs?: number; seed?: number }): Promise<unknown>;
  stats(): Promise<Record<string, any>>;
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
  get(path: string): Promise<any>;
  del(path: string): Promise<number>;
}

export async function startAxis(args: string[] = []): Promise<Axis> {
  const proc = spawn(process.execPath, [join(root, 'scripts', 'axis-simulator.mjs'), '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`axis simulator exited ${code}: ${out}`)));
  });
  const json = async (path: string, init?: RequestInit): Promise<{ status: number; body: any }> => {
    const r = await fetch(`${url}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    return { status: r.status, body: r.status === 204 ? null : await r.json().catch(() => null) };
  };
  return {
    url, proc,
    setFaults: async (f) => (await json('/faults', { method: 'POST', body: JSON.stringify(f) })).body,
    stats: async () => (await json('/stats')).body,
    post: (path, body) => json(path, { method: 'POST', body: JSON.stringify(body) }),
    get: async (path) => (await json(path)).body,
    del: async (path) => (await json(path, { method: 'DELETE' })).status,
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

export interface Agency {
  label: string;
  organId: string;
  name: string;
  db: string;
  base: string;
  password: string;
  proc: ChildProcess | null;
  output: () => string;
  start(): Promise<void>;
  stop(): Promise<void>;
  token(username: string): Promise<string>;
  api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }>;
  file(path: string, token: string): Promise<Buffer>;
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Builds once (call before any agency starts). */
export function buildOnce(): void {
  // NODE_ENV=production for the build: Jest's NODE_ENV=test would give the web bundle development-only warnings.
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--build-only'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
}

/** The demo ward (seed 004) in a fresh database, renamed to this agency; the process is started with `start()`. */
export async function createAgency(label: string, o: { organId: string; name: string; placeName: string; axisUrl: string; env?: Record<string, string> }): Promise<Agency> {
  const db = testDbName('t');
  const dataDir = mkdtempSync(join(tmpdir(), `vanthu-exchange-${label}-`));
  const seed = spawnSync(process.execPath, [join(root, 'dist', 'src', 'demo', 'seed-demo.cli.js')], {
    cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: testDatabaseUrl(db), DATA_DIR: dataDir, REDIS_URL: '', ENV_FILE: NO_ENV_FILE },
  });
  if (seed.status !== 0) throw new Error(`seed failed: ${seed.stdout}${seed.stderr}`);
  const password = DEMO_PASSWORD_RE.exec(seed.stdout)![1];
  const pg = new Client({ connectionString: testDatabaseUrl(db) });
  await pg.connect();
  await pg.query(`UPDATE organizations SET code = $1, name = $2, place_name = $3`, [o.organId, o.name, o.placeName]);
  const port = await freePort();
  let out = '';
  const tokens = new Map<string, string>();
  const agency: Agency = {
    label, organId: o.organId, name: o.name, db, base: `http://127.0.0.1:${port}`, password, proc: null,
    output: () => out,
    async start() {
      const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
        cwd: root,
        env: {
          ...process.env, DATABASE_URL: testDatabaseUrl(db), REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: dataDir, NODE_ENV: 'development',
          LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_PER_MINUTE: '1000', ENV_FILE: NO_ENV_FILE, PORT: String(port),
          EXCHANGE_TRANSPORT: 'http', EXCHANGE_AXIS_URL: o.axisUrl, EXCHANGE_POLL_INTERVAL_SECONDS: '1', EXCHANGE_HTTP_BACKOFF_MS: '50',
          ...o.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d) => (out += `[${label}] ${d}`));
      child.stderr?.on('data', (d) => (out += `[${label}] ${d}`));
      agency.proc = child;
      await waitFor(`${label} ready`, async () => (await fetch(`${agency.base}/health/ready`)).status === 200, 180_000, () => out);
    },
    async stop() {
      const p = agency.proc;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
      agency.proc = null;
      tokens.clear();
    },
    async token(username) {
      if (tokens.has(username)) return tokens.get(username)!;
      const r = await agency.api('POST', '/auth/login', '', { username, password });
      if (r.status !== 200) throw new Error(`login ${username} at ${label}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.set(username, r.body.accessToken);
      return r.body.accessToken;
    },
    async api(method, path, token, body) {
      const r = await fetch(`${agency.base}/api/v1${path}`, {
        method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: r.status === 204 ? null : await r.json().catch(() => null) };
    },
    async file(path, token) {
      const r = await fetch(`${agency.base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
      return Buffer.from(await r.arrayBuffer());
    },
    async sql(query, params = []) {
      return (await pg.query(query, params)).rows;
    },
    async close() {
      await agency.stop();
      await pg.end();
      const admin = new Client({ connectionString: adminUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).finally(() => admin.end());
    },
  };
  return agency;
}

/** An issued Công văn from `a` to the external agencies given (draft → review → sign → issue, as the ward does it). */
export async function issueCongVan(a: Agency, to: { organId: string; name: string }[], summary: string): Promise<{ id: string; symbol: string }> {
  const clerk = await a.token('vanthu');
  const chief = await a.token('chanhvanphong');
  const chairman = await a.token('chutich');
  const [office] = await a.sql<{ id: string }>(`SELECT id FROM departments WHERE code = 'VP'`);
  const [chair] = await a.sql<{ id: string }>(`SELECT id FROM users WHERE username = 'chutich'`);
  const [chiefRow] = await a.sql<{ id: string }>(`SELECT id FROM users WHERE username = 'chanhvanphong'`);
  const created = await a.api('POST', '/outgoing-documents', clerk, {
    documentType: 'CONG_VAN', summary, departmentId: office.id, signerId: chair.id, urgency: 'urgent', confidentiality: 'normal',
    recipients: to.map((r) => ({ type: 'external', name: r.name, organId: r.organId })),
    content: { paragraphs: [`${summary}.`, 'Đề nghị quý cơ quan phối hợp thực hiện và báo cáo kết quả trước ngày 30 tháng 7 năm 2025.'] },
  });
  if (created.status !== 201) throw new Error(`draft: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const steps: [string, string, unknown][] = [
    [clerk, 'submit', { reviewerId: chiefRow.id }], [chief, 'approve', {}], [chairman, 'sign', { authority: 'TM' }], [clerk, 'issue', {}],
  ];
  let last: { status: number; body: any } = { status: 0, body: null };
  for (const [token, step, body] of steps) {
    last = await a.api('POST', `/outgoing-documents/${id}/${step}`, token, body);
    if (last.status !== 200) throw new Error(`${step}: ${last.status} ${JSON.stringify(last.body)}\n${a.output().slice(-3000)}`);
  }
  return { id, symbol: last.body.symbol };
}

/** The sender's view of one recipient: `exchange[]` on GET /outgoing-documents/:id. */
export async function exchangeOf(a: Agency, outgoingId: string, organId: string): Promise<{ status: string; statusCode: string | null; at: string } | undefined> {
  const r = await a.api('GET', `/outgoing-documents/${outgoingId}`, await a.token('vanthu'));
  return (r.body?.exchange ?? []).find((x: { organId: string }) => x.organId === organId);
}

/** Waits until the sender sees `code` (or a later status) for that recipient, and returns the history of codes it received. */
export async function waitForStatus(a: Agency, outgoingId: string, organId: string, code: string, timeoutMs = 90_000, log?: () => string): Promise<string[]> {
  await waitFor(`status ${code} from ${organId} on ${a.label}`, async () => (await exchangeOf(a, outgoingId, organId))?.statusCode === code, timeoutMs, log);
  const [row] = await a.sql<{ history: { statusCode: string }[] }>(`SELECT history FROM exchange_recipients WHERE outgoing_document_id = $1 AND organ_id = $2`,
    [outgoingId, organId]);
  return row.history.map((h) => h.statusCode);
}
