import { ChildProcess, spawn } from 'node:child_process';
import { Agent, get as httpGet } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, Server, AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminUrl, testDatabaseUrl, testDbName } from '../setup/test-db';

const root = join(__dirname, '..', '..');

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, log: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the process printed:\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A TCP forwarder to the real PostgreSQL: "the database comes back" is this proxy starting to listen. */
async function startPgProxy(port: number): Promise<Server> {
  const server = createServer((client) => {
    const upstream = connect(5432, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return server;
}

interface Proc { child: ChildProcess; out: () => string; exited: Promise<number | null> }

/** The real service process (scripts/start.mjs builds dist when sources changed, as `npm start` does). */
function startService(env: Record<string, string>): Proc {
  let out = '';
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'vanthu-boot-')), BOOTSTRAP_ADMIN_PASSWORD: 'Khoi-Dong@2025',
      LOG_LEVEL: 'info', NODE_ENV: 'development', REDIS_URL: '', ENV_FILE: join(tmpdir(), 'vanthu-no-env-file'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { child, out: () => out, exited };
}

const get = async (url: string) => {
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('start-up failures and recovery (real processes)', () => {
  const procs: Proc[] = [];
  const dbs: string[] = [];
  const cleanups: (() => Promise<unknown> | unknown)[] = [];

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    for (const c of cleanups) await c();
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    for (const db of dbs) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  });

  it('with PostgreSQL unreachable at boot the process stays up, readiness says 503 with the cause, and it starts when the database comes back', async () => {
    const pgPort = await freePort();
    const port = await freePort();
    const db = testDbName('t');
    dbs.push(db);
    const url = new URL(testDatabaseUrl(db));
    url.port = String(pgPort);
    const p = startService({ DATABASE_URL: url.toString(), PORT: String(port), WORKERS: 'off' });
    procs.push(p);
    const base = `http://127.0.0.1:${port}`;
    const waiting = await waitFor('readiness 503', async () => {
      const r = await get(`${base}/health/ready`);
      return r.status === 503 ? r : undefined;
    }, 150_000, p.out);
    expect(String(waiting.body.databaseCause)).toContain(`DATABASE_URL: connection refused at 127.0.0.1:${pgPort}`);
    expect((await get(`${base}/health/live`)).status).toBe(200);
    const api = await get(`${base}/api/v1/organizations`);
    expect(api).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });

    const proxy = await startPgProxy(pgPort);
    cleanups.push(() => new Promise((r) => proxy.close(r)));
    await waitFor('readiness 200 after the database came back', async () => {
      const r = await get(`${base}/health/ready`);
      return r.status === 200 ? r : undefined;
    }, 120_000, p.out);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out()).not.toMatch(/\n\s+at /); // no stack trace at LOG_LEVEL=info
  }, 300_000);

  it('with Redis down at boot the API serves, readiness says 503 naming the job backend, and it recovers when Redis starts', async () => {
    const redisPort = await freePort();
    const port = await freePort();
    const db = testDbName('t');
    dbs.push(db);
    const p = startService({ DATABASE_URL: testDatabaseUrl(db), PORT: String(port), REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    procs.push(p);
    const base = `http://127.0.0.1:${port}`;
    const down = await waitFor('readiness 503 with the job backend down', async () => {
      const r = await get(`${base}/health/ready`);
      return r.status === 503 && r.body.database === 'up' ? r : undefined;
    }, 150_000, p.out);
    expect(down.body.jobs).toMatchObject({ status: 'down', backend: 'redis' });
    expect((await get(`${base}/health/live`)).status).toBe(200);

    const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    cleanups.push(() => redis.kill('SIGKILL'));
    await waitFor('readiness 200 after Redis started', async () => {
      const r = await get(`${base}/health/ready`);
      return r.status === 200 ? r : undefined;
    }, 120_000, p.out);
    const started = Date.now();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 300_000);

  it('a login PostgreSQL refuses, or a bad LOG_LEVEL, stops the process with one line naming the variable and no stack', async () => {
    const port = await freePort();
    const bad = startService({ DATABASE_URL: 'postgres://no_such_role_vanthu@127.0.0.1:5432/vanthu_nobody', PORT: String(port) });
    procs.push(bad);
    expect(await bad.exited).toBe(1);
    const lines = bad.out().trim().split('\n').filter((l) => !l.startsWith('{') && !l.startsWith('>'));
    expect(lines.at(-1)).toMatch(/^DATABASE_URL: PostgreSQL refused the login at 127\.0\.0\.1:5432\/vanthu_nobody/);
    expect(bad.out()).not.toMatch(/\n\s+at /);

    const level = startService({ LOG_LEVEL: 'loud', PORT: String(port) });
    procs.push(level);
    expect(await level.exited).toBe(1);
    expect(level.out()).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
  }, 300_000);

  it('keeps an idle keep-alive connection open past Node\'s 5 s default (a proxy keeps its own 60 s), and SIGTERM answers a request in flight on one, closes it and exits at once', async () => {
    const port = await freePort();
    const db = testDbName('t');
    dbs.push(db);
    const p = startService({ DATABASE_URL: testDatabaseUrl(db), PORT: String(port), WORKERS: 'off' });
    procs.push(p);
    await waitFor('readiness 200', async () => ((await get(`http://127.0.0.1:${port}/health/ready`)).status === 200 ? true : undefined), 150_000, p.out);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const live = () => new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const req = httpGet({ host: '127.0.0.1', port, path: '/health/live', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on('error', reject);
    });
    try {
      expect(await live()).toEqual({ status: 200, reused: false });
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await live()).toEqual({ status: 200, reused: true });
      // A request in flight at SIGTERM on a keep-alive connection (its body still arriving): it is answered, then its
      // connection closes, and the process exits well before the shutdown timeout (25 s, which would exit 1).
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += d));
      const closed = new Promise((r) => socket.on('close', r));
      const body = JSON.stringify({ username: 'khong.co.ai', password: 'Sai-Mat-Khau#2025' });
      socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      p.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      socket.write(body.slice(10));
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 (401|503) /);
      expect(await p.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      agent.destroy();
    }
  }, 300_000);
});
