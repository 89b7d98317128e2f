import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { PinoNestLogger } from './common/logging/logger';
import { ROOT_LOGGER, RootLogger } from './common/logging/logging.module';
import { startJobProcessing } from './common/queue';
import { ConfigError, loadConfig } from './config/app-config';
import { loadEnvFile } from './config/env-file';
import { migrateDatabase } from './database/migrate';
import { describeStartupError } from './bootstrap/startup-error';
import { waitForDatabase } from './bootstrap/wait-for-database';

/**
 * `npm run start:worker`: the job workers alone, no HTTP server (scale-out, DESIGN decision 13). Same modules as the
 * API, so every handler and the boot check are identical. SIGTERM/SIGINT stop taking jobs and finish the ones in flight.
 */
async function main() {
  loadEnvFile();
  const config = { ...loadConfig(), workers: true };
  databaseUrl = config.databaseUrl;
  await waitForDatabase(() => migrateDatabase(config.databaseUrl), {
    port: null, databaseUrl: config.databaseUrl, log: (line) => process.stderr.write(`${line}\n`), isStopping: () => false,
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(new PinoNestLogger(app.get<RootLogger>(ROOT_LOGGER)));
  await startJobProcessing(app, { runWorkers: true });
  const logger = new Logger('Worker');
  logger.log('vanthu worker running (no HTTP)');
  // SIGTERM: stop taking jobs, finish the ones in flight (JobWorkers.beforeApplicationShutdown), close, exit 0.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      logger.log(`${signal} received: finishing jobs in flight`);
      app.close().then(() => process.exit(0), (e) => {
        logger.error(`Shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      });
    });
  }
}

let databaseUrl = '';
main().catch((e) => {
  const message = e instanceof ConfigError ? e.message : `Worker: ${describeStartupError(e, databaseUrl)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
