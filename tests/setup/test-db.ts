import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Each `jest` run migrates its own template (named by the global setup), so parallel runs never disturb each other. */
export const templateDb = () => process.env.VANTHU_TEMPLATE_DB ?? 'vanthu_test_template';

const base = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function testDatabaseUrl(name: string): string {
  const url = new URL(base());
  url.pathname = `/${name}`;
  return url.toString();
}

export const adminUrl = () => testDatabaseUrl('postgres');

/** Test databases carry their creation time (seconds) in the name, so stale ones from killed runs can be dropped safely. */
export const testDbName = (prefix: 't' | 'tpl') => `${prefix}_${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString('hex')}`;

/** A database of this test file's own, cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = testDbName('t');
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
        break;
      } catch (e) {
        // Two files cloning at the same instant: "source database is being accessed by other users".
        if ((e as { code?: string }).code !== '55006' || attempt > 50) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: testDatabaseUrl(name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    },
  };
}

/** Drops test databases older than two hours (left by interrupted runs); never touches a running suite's. */
export async function dropStaleTestDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname ~ '^(t|tpl)_[0-9]{10}_[0-9a-f]{10}$'`);
  const cutoff = Date.now() / 1000 - 2 * 3600;
  for (const { datname } of rows as { datname: string }[]) {
    if (Number(datname.split('_')[1]) < cutoff) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
}
