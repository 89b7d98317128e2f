import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { API_PREFIX } from '../app.factory';
import { AppConfig, loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Writes the OpenAPI document to the file named on the command line (stdout without one), without a database, Redis or
 * an HTTP server: the app is created in preview mode (modules and routes are read, no provider is instantiated).
 */
// Built by loadConfig itself (so a new setting never breaks this script), with secrets given: nothing is written.
const config: AppConfig = loadConfig({
  NODE_ENV: 'openapi', PORT: '1', DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none', DATA_DIR: '/nonexistent',
  BOOTSTRAP_ADMIN_USERNAME: 'openapi', JWT_SECRET: 'x'.repeat(32), MASTER_KEY: 'x'.repeat(32), WORKERS: 'off', LOG_LEVEL: 'silent',
});

async function main(out: string | undefined) {
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX);
  const json = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, json);
  }
  else process.stdout.write(json);
}

main(process.argv[2]).catch((e) => {
  process.stderr.write(`openapi: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
