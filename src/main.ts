import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { loadEnvFile } from './config/env-file';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { migrateDatabase } from './database/migrate';
import { createApp } from './app.factory';
import { BootstrapAdminService } from './modules/auth/bootstrap-admin.service';
import { ReadinessGate } from './modules/health/readiness-gate';
import { createRootLogger } from './common/logging/logger';
import { describeStartupError } from './bootstrap/startup-error';
import { waitForDatabase } from './bootstrap/wait-for-database';
import { startJobsWhenReachable } from './bootstrap/start-jobs';

/** SIGTERM drains within this time (readiness 503 at once, in-flight requests and jobs finish), then exits anyway. */
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25_000);

let app: INestApplication | null = null;
let stopping = false;

function onSignal(signal: string): void {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`${JSON.stringify({ level: 30, time: Date.now(), service: 'vanthu', msg: `${signal} received: draining` })}\n`);
  setTimeout(() => {
    process.stderr.write(`Shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS} ms: exiting\n`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  if (!app) process.exit(0);
  app.get(ReadinessGate).close('shutting down');
  // Keep-alive connections close as soon as their request is answered (idle ones at once, in server.close): with the
  // long keep-alive below, close() would otherwise wait for each of them to time out.
  (app.getHttpServer() as Server).keepAliveTimeout = 1;
  app.close().then(() => process.exit(0), (e) => {
    process.stderr.write(`Shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

async function main(config: AppConfig) {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => onSignal(signal));
  const root = createRootLogger(config);
  // PostgreSQL down at boot: the process stays up, readiness answers 503 with the cause, and start-up resumes when
  // the database answers. Bad credentials or a failing migration stop it with one clear line.
  const applied = await waitForDatabase(() => migrateDatabase(config.databaseUrl), {
    port: config.port, databaseUrl: config.databaseUrl, log: (line) => root.warn(line), isStopping: () => stopping,
  });
  app = await createApp(config);
  const logger = new Logger('Main');
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  await app.get(BootstrapAdminService).ensureAdmin();
  await app.listen(config.port);
  // Idle keep-alive connections stay open longer than a reverse proxy keeps its own (nginx: 60 s), so the proxy never
  // sends a request on a connection this process is closing (Node's 5 s default: a reset, nginx's 502). Under the B5
  // ramp the bench client met that race as `ECONNRESET`.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  logger.log(`vanthu listening on :${config.port} — API /api/v1, docs /api/docs`);
  // Job schedulers always; workers in this process unless WORKERS=off (then `npm run start:worker` runs them).
  // Not awaited before serving: with the job backend down, readiness says so and this retries until it answers.
  void startJobsWhenReachable(app, config.workers, logger, () => stopping);
}

let config: AppConfig;
try {
  loadEnvFile();
  config = loadConfig();
} catch (e) {
  process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
  process.exit(1);
}
main(config).catch((e) => {
  // One line naming the cause (and the variable to check); the stack only when LOG_LEVEL=debug.
  process.stderr.write(`${describeStartupError(e, config.databaseUrl)}\n`);
  if (config.logLevel === 'debug' || config.logLevel === 'trace') process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
  process.exit(1);
});
