import { Client } from 'pg';
import { migrateDatabase } from '../../src/database/migrate';
import { adminUrl, TEMPLATE_DB, testDatabaseUrl } from './test-db';

/**
 * Runs once per `jest` run: checks PostgreSQL is reachable, then applies the real migrations to a fresh template
 * database. Every test file clones the template (CREATE DATABASE … TEMPLATE), so files run in parallel, isolated.
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
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    // Old per-file databases left by an interrupted run.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' AND datname ~ '^t_[0-9a-f]{16}$'`);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => undefined);
  } finally {
    await admin.end();
  }
  await migrateDatabase(testDatabaseUrl(TEMPLATE_DB));
}
