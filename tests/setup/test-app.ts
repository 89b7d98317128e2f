import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Clock } from '../../src/common/time/clock';
import { AccessTokenService } from '../../src/common/auth/access-token.service';
import { obliterateJobs } from '../../src/common/queue';
import { createTestDatabase } from './test-db';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  ds: DataSource;
  clock: Clock;
  config: AppConfig;
  tokens: AccessTokenService;
  close: () => Promise<void>;
}

/**
 * The real AppModule on this file's own database (cloned from the migrated template), with a controllable clock.
 * Nothing is mocked: guards, pipes, filters, PostgreSQL.
 */
export async function createTestApp(env: Record<string, string> = {}, extraModules: Type<unknown>[] = []): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'vanthu-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    FILES_DIR: join(dataDir, 'files'),
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    MASTER_KEY: 'test-master-key-test-master-key-0123456789abcdef',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    ARGON2_MEMORY_KIB: '1024',
    WORKERS: 'off',
    // The axis's push route (POST /exchange/inbound) is refused without it; the audit fixture pushes with this token.
    EXCHANGE_INBOUND_TOKEN: 'test-inbound-token-0123456789abcdef',
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), ...extraModules] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApp(app, config);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    ds: app.get(DataSource),
    clock: app.get(Clock),
    config,
    tokens: app.get(AccessTokenService),
    close: async () => {
      await obliterateJobs(app).catch(() => undefined); // Redis keeps jobs after the test database is dropped
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
