import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminUrl, testDatabaseUrl, testDbName } from '../setup/test-db';

const root = join(__dirname, '..', '..');

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `npm start` as the README gives it: an empty PostgreSQL, nothing built, the real process. */
describe('npm start on an empty PostgreSQL', () => {
  const db = testDbName('t');
  const port = 20000 + Math.floor(Math.random() * 20000);
  let child: ChildProcess;
  let out = '';

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    const c = new Client({ connectionString: adminUrl() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).finally(() => c.end());
  });

  it('builds, creates and migrates the database, serves /health/ready = 200, logs without secrets and shuts down gracefully', async () => {
    child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(db), PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'vanthu-start-')),
        BOOTSTRAP_ADMIN_PASSWORD: 'Khoi-Dong@2025', WORKERS: 'off', LOG_LEVEL: 'info', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    const base = `http://127.0.0.1:${port}`;
    const ready = await waitFor('readiness', async () => {
      const r = await fetch(`${base}/health/ready`);
      return r.status === 200 ? r.json() : undefined;
    }, 150_000).catch((e: Error) => {
      throw new Error(`${e.message}; the process printed:\n${out.slice(-4000)}`);
    });
    expect(ready).toMatchObject({ status: 'ok', database: 'up' });
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-start-test-1' },
      body: JSON.stringify({ username: 'admin', password: 'Khoi-Dong@2025' }),
    });
    expect(login.status).toBe(200);
    const { accessToken, user } = (await login.json()) as { accessToken: string; user: { id: string } };
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'req-start-test-2' } });
    expect(me.status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const meLine = lines.find((l) => l.requestId === 'req-start-test-2' && l.res);
    expect(meLine).toMatchObject({ requestId: 'req-start-test-2', userId: user.id, res: { statusCode: 200 } });
    expect(lines.find((l) => l.requestId === 'req-start-test-1')).toBeDefined();
    // The request id appears once per line (it used to be written twice, as req.id and requestId).
    const raw = out.split('\n').find((l) => l.includes('req-start-test-2') && l.includes('"res"'))!;
    expect(raw.split('req-start-test-2').length - 1).toBe(1);
    expect(out).not.toContain('Khoi-Dong@2025');
    expect(out).not.toContain(accessToken);
  }, 240_000);
});
