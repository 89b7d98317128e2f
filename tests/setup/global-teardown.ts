import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { adminUrl } from './test-db';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.VANTHU_TEMPLATE_DB;
  if (!template || process.env.JEST_NO_DB === '1') return;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).finally(() => admin.end());
  failOnConcurrentPgQueries();
}

/** pg 9 will refuse a query on a client that is still running one; pg 8 warns, and here the warning fails the run. */
function failOnConcurrentPgQueries(): void {
  const file = process.env.VANTHU_PG_WARNINGS_FILE;
  if (!file || !existsSync(file)) return;
  const found = readFileSync(file, 'utf8').trim();
  rmSync(file, { force: true });
  if (found) {
    throw new Error(`Concurrent queries were sent to one pg client (a Promise.all inside a transaction?); pg 9 refuses this:\n${found.slice(0, 6000)}`);
  }
}
