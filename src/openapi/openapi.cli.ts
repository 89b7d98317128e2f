import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { API_PREFIX } from '../app.factory';
import type { AppConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Writes the OpenAPI document to the file named on the command line (stdout without one), without a database, Redis or
 * an HTTP server: the app is created in preview mode (modules and routes are read, no provider is instantiated).
 */
const config: AppConfig = {
  nodeEnv: 'openapi', isProduction: false, port: 0, databaseUrl: 'postgres://openapi@127.0.0.1:1/none', redisUrl: null,
  filesDir: '/nonexistent', dataDir: '/nonexistent', bootstrapAdminUsername: 'openapi', bootstrapAdminPassword: 'unused',
  jwtSecret: 'x'.repeat(32), jwtIssuer: 'vanthu', jwtAudience: 'vanthu-api', accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 3600, masterKey: 'x'.repeat(32), workers: false, authRateLimitPerMinute: 1, maxUploadBytes: 1024,
  logLevel: 'silent', argon2MemoryKib: 1024,
};

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
