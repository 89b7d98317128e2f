import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrateDatabase } from '../../src/database/migrate';
import { adminUrl, dropStaleTestDatabases, testDatabaseUrl, testDbName } from './test-db';

/**
 * Runs once per `jest` run: checks PostgreSQL is reachable, then applies the real migrations to this run's own template
 * database. Every test file clones it (CREATE DATABASE … TEMPLATE), so files run in parallel, isolated.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.JEST_NO_DB === '1') return;
  const admin = new Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl()} (${(e as Error).message}).\n` +
        `Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
        `or point TEST_DATABASE_URL at a server.`,
    );
  }
  try {
    await dropStaleTestDatabases(admin);
  } finally {
    await admin.end();
  }
  const template = testDbName('tpl');
  await migrateDatabase(testDatabaseUrl(template));
  // Workers are started after the global setup and inherit this environment.
  process.env.VANTHU_TEMPLATE_DB = template;
  // Concurrent queries on one pg client fail the run (global-teardown.ts reads what the workers wrote down).
  const warnings = join(tmpdir(), `vanthu-pg-warnings-${template}.log`);
  writeFileSync(warnings, '');
  process.env.VANTHU_PG_WARNINGS_FILE = warnings;
  const guard = join(__dirname, 'pg-concurrency-guard.cjs');
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${guard}`.trim();
}
