// Starts the built service (dist/src/main.js) as a separate process on the bench database, as production would run it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

// cpuProfDir: run the service under V8's sampling profiler (--cpu-prof); the .cpuprofile is written when it exits
// (bench/profile-summary.mjs sums its self time by function and by file).
export async function startServer({ root, databaseUrl, port, env = {}, cpuProfDir }) {
  const prof = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...prof, join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: {
      ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000', DATA_DIR: join(root, 'data', 'bench'), FILES_DIR: join(root, 'data', 'bench', 'files'), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-20000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the service did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    base,
    pid: child.pid,
    output: () => out,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }),
  };
}
