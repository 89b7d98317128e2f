import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import { migrateDatabase } from './database/migrate';
import { createApp } from './app.factory';
import { BootstrapAdminService } from './modules/auth/bootstrap-admin.service';
import { startJobProcessing } from './common/queue';

async function main() {
  const config = loadConfig();
  const applied = await migrateDatabase(config.databaseUrl);
  const app = await createApp(config);
  const logger = new Logger('Main');
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  await app.get(BootstrapAdminService).ensureAdmin();
  await app.listen(config.port);
  // Job schedulers always; workers in this process unless WORKERS=off (then `npm run start:worker` runs them).
  await startJobProcessing(app, { runWorkers: config.workers });
  logger.log(`vanthu listening on :${config.port} — API /api/v1, docs /api/docs`);
  // Graceful shutdown: stop accepting requests, let modules drain (job workers finish their jobs), then exit 0.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      logger.log(`${signal} received: shutting down`);
      app.close().then(() => process.exit(0), (e) => {
        logger.error(`Shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      });
    });
  }
}

main().catch((e) => {
  // The logger may not exist yet when configuration or the database is wrong: say what to fix, plainly.
  const message = e instanceof ConfigError ? e.message : `Startup failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
