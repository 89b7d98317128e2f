import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { loadEnvFile } from '../config/env-file';
import { migrateDatabase } from '../database/migrate';
import { DEMO_PEOPLE, createDemoWard } from './demo-ward';

const DEMO_CODE = '000.14.31.H29';
const DEMO_PASSWORD = 'Phuong-Tan-Binh#2025';

/** `npm run seed:demo`: phường Tân Bình (seed 004) with its people; prints the logins. Safe to run twice. */
async function main() {
  const config = { ...(loadEnvFile(), loadConfig()), workers: false, logLevel: 'warn' };
  await migrateDatabase(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const [existing] = await app.get(DataSource).query(`SELECT id FROM organizations WHERE code = $1`, [DEMO_CODE]);
    if (existing) {
      process.stdout.write(`The demo ward already exists (organization ${existing.id}).\n`);
    } else {
      const ward = await createDemoWard(app, { code: DEMO_CODE, name: 'Ủy ban nhân dân phường Tân Bình', placeName: 'Tân Bình', password: DEMO_PASSWORD });
      process.stdout.write(`Created Ủy ban nhân dân phường Tân Bình (organization ${ward.organizationId}).\n`);
    }
    process.stdout.write(`\nLogins (password for all: ${DEMO_PASSWORD}) — POST /api/v1/auth/login\n`);
    for (const p of Object.values(DEMO_PEOPLE)) process.stdout.write(`  ${p.username.padEnd(16)} ${p.positionTitle} — ${p.fullName}\n`);
    process.stdout.write(`\nPhòng Văn hóa - Xã hội has no clerk on purpose (seed 004): see GET /api/v1/organization/readiness as "quantri".\n`);
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  process.stderr.write(`seed:demo failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
