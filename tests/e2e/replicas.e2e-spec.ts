import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminUrl, testDatabaseUrl, testDbName } from '../setup/test-db';

const root = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, log: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the processes printed:\n${log().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const localToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

/**
 * Two API replicas and one worker process on one PostgreSQL and one Redis — what docs/OPERATIONS.md tells a province
 * to run. Everything that must agree across replicas lives in PostgreSQL or Redis, never in a process's memory.
 */
describe('several replicas on one PostgreSQL and one Redis', () => {
  const db = testDbName('t');
  const procs: ChildProcess[] = [];
  let out = '';
  const bases: string[] = [];
  let password = '';

  const spawnProc = (args: string[], env: Record<string, string>) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(db), REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: dataDir, NODE_ENV: 'development',
        LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_PER_MINUTE: '20', REMINDER_SCAN_INTERVAL_SECONDS: '1', ENV_FILE: join(tmpdir(), 'vanthu-no-env-file'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    procs.push(child);
    return child;
  };
  // Shared secrets (JWT_SECRET, MASTER_KEY) come from one data directory, as one deployment's configuration would.
  const dataDir = mkdtempSync(join(tmpdir(), 'vanthu-replicas-'));

  const post = async (base: string, path: string, body: unknown, token?: string) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
    });
    return { status: r.status, body: (r.status === 204 ? {} : await r.json()) as Record<string, any> };
  };
  const login = async (base: string, username: string) => {
    const r = await post(base, '/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { accessToken: string; refreshToken: string; user: { id: string } };
  };
  const me = async (base: string, token: string) => (await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--build-only'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    const seed = spawnSync(process.execPath, [join(root, 'dist', 'src', 'demo', 'seed-demo.cli.js')], {
      cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: testDatabaseUrl(db), DATA_DIR: dataDir, REDIS_URL: '', ENV_FILE: join(tmpdir(), 'vanthu-no-env-file') },
    });
    if (seed.status !== 0) throw new Error(`seed failed: ${seed.stdout}${seed.stderr}`);
    password = /password for all: (\S+)\)/.exec(seed.stdout)![1];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      spawnProc([], { PORT: String(port), WORKERS: 'off' });
      bases.push(`http://127.0.0.1:${port}`);
    }
    spawnProc(['--worker'], {});
    for (const base of bases) {
      await waitFor(`${base} ready`, async () => ((await fetch(`${base}/health/ready`)).status === 200 ? true : undefined), 180_000, () => out);
    }
  }, 300_000);

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    const c = new Client({ connectionString: adminUrl() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).finally(() => c.end());
  });

  it('keeps arrival numbers gapless when both replicas register at once', async () => {
    const [a, b] = bases;
    const clerkA = await login(a, 'vanthu');
    const clerkB = await login(b, 'vanthu');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => post(i % 2 ? b : a, '/incoming-documents', {
      channel: 'paper', issuerName: 'Sở Nội vụ', symbol: `${i + 1}/SNV-REPLICA`, documentType: 'CONG_VAN', documentDate: '2025-07-03',
      summary: `Văn bản thử nhân bản ${i + 1}`, urgency: 'normal', confidentiality: 'normal',
    }, (i % 2 ? clerkB : clerkA).accessToken)));
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    const numbers = results.map((r) => r.body.arrivalNumber as number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => numbers[0] + i));
  }, 120_000);

  it('refuses a session revoked on one replica on the other at once', async () => {
    const [a, b] = bases;
    const session = await login(b, 'chutich');
    expect(await me(a, session.accessToken)).toBe(200);
    expect(await me(b, session.accessToken)).toBe(200);
    expect((await post(a, '/auth/logout', { refreshToken: session.refreshToken }, session.accessToken)).status).toBe(204);
    expect(await me(b, session.accessToken)).toBe(401);
    expect(await me(a, session.accessToken)).toBe(401);
    expect((await post(b, '/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
  }, 60_000);

  it('a role removed through one replica is refused by the other at once, though that replica had just served the user', async () => {
    const [a, b] = bases;
    const admin = await login(a, 'quantri');
    const clerk = await login(b, 'cv.vanphong');
    const put = (base: string, path: string, body: unknown, token: string) => fetch(`${base}/api/v1${path}`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const register = (base: string, n: number) => post(base, '/incoming-documents', {
      channel: 'paper', issuerName: 'Sở Tài chính', symbol: `${n}/STC-ROLE`, documentType: 'CONG_VAN', documentDate: '2025-07-03',
      summary: `Văn bản thử vai trò ${n}`, urgency: 'normal', confidentiality: 'normal' }, clerk.accessToken);
    const c = new Client({ connectionString: testDatabaseUrl(db) });
    await c.connect();
    const [{ id: office }] = (await c.query(`SELECT d.id FROM departments d JOIN users u ON u.organization_id = d.organization_id
      WHERE u.id = $1 AND d.kind = 'office'`, [clerk.user.id])).rows;
    await c.end();
    expect((await put(a, `/users/${clerk.user.id}/roles`, { roles: [{ role: 'clerk', departmentId: office }] }, admin.accessToken)).status).toBe(200);
    expect((await register(b, 1)).status).toBe(201);
    expect((await register(a, 2)).status).toBe(201);
    expect((await put(a, `/users/${clerk.user.id}/roles`, { roles: [{ role: 'specialist', departmentId: office }] }, admin.accessToken)).status).toBe(200);
    expect((await register(b, 3)).status).toBe(403);
    expect((await register(a, 4)).status).toBe(403);
  }, 60_000);

  it('sends each reminder once although every process relays the outbox and upserts the schedule', async () => {
    const [a] = bases;
    const chairman = await login(a, 'chutich');
    const c = new Client({ connectionString: testDatabaseUrl(db) });
    await c.connect();
    try {
      const [{ id: specialistId }] = (await c.query(`SELECT id FROM users WHERE username = 'cv.kinhte'`)).rows;
      const task = await post(a, '/tasks', { title: 'Báo cáo rà soát hạ tầng trong ngày', assignee: { userId: specialistId }, deadline: localToday() },
        chairman.accessToken);
      expect(task.status).toBe(201);
      // The scan runs every second (REMINDER_SCAN_INTERVAL_SECONDS=1); wait for the reminder, then for several more scans.
      await waitFor('the due-today reminder', async () => {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM reminders_sent WHERE entity_id = $1`, [task.body.id]);
        return rows[0].n > 0 ? true : undefined;
      }, 60_000, () => out);
      await new Promise((r) => setTimeout(r, 4000));
      const sent = await c.query(`SELECT kind, count(*)::int AS n FROM reminders_sent WHERE entity_id = $1 GROUP BY kind`, [task.body.id]);
      expect(sent.rows).toEqual([{ kind: 'due_today', n: 1 }]);
      const notes = await c.query(`SELECT user_id, count(*)::int AS n FROM notifications WHERE entity_id = $1 AND kind LIKE 'reminder.%' GROUP BY user_id`,
        [task.body.id]);
      expect(notes.rows.length).toBeGreaterThan(0);
      for (const row of notes.rows) expect(row.n).toBe(1);
    } finally {
      await c.end();
    }
  }, 120_000);

  it('shares the login rate limit: attempts on either replica count against one budget', async () => {
    const [a, b] = bases;
    const statuses: number[] = [];
    // 20 attempts a minute per address in all; more than 20 across both replicas must meet 429 (two private budgets
    // would allow 40).
    for (let i = 0; i < 30 && !statuses.includes(429); i++) {
      statuses.push((await post(i % 2 ? b : a, '/auth/login', { username: `nobody-${i}`, password: 'sai-mat-khau-123' })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.length).toBeLessThanOrEqual(21);
    expect((await post(a, '/auth/login', { username: 'nobody-x', password: 'x' })).status).toBe(429);
    expect((await post(b, '/auth/login', { username: 'nobody-y', password: 'x' })).status).toBe(429);
  }, 60_000);
});
