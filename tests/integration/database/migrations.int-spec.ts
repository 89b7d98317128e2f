import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source';
import { migrateDatabase } from '../../../src/database/migrate';
import { adminUrl, testDatabaseUrl, testDbName } from '../../setup/test-db';

async function tables(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    return rows.map((r) => r.table_name as string);
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  const name = testDbName('t');
  const url = testDatabaseUrl(name);
  afterAll(async () => {
    const c = new Client({ connectionString: adminUrl() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
  });

  it('create the database when missing, and run up, then down to nothing, then up again', async () => {
    const applied = await migrateDatabase(url);
    expect(applied.length).toBeGreaterThan(0);
    const afterUp = await tables(url);
    expect(afterUp).toEqual(expect.arrayContaining(['organizations', 'departments', 'users', 'audit_log', 'registers']));
    const ds = new DataSource(dataSourceOptions(url));
    await ds.initialize();
    try {
      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    expect(await tables(url)).toEqual(['typeorm_migrations']);
    expect(await migrateDatabase(url)).toEqual(applied);
    expect(await tables(url)).toEqual(afterUp);
    expect(await migrateDatabase(url)).toEqual([]);
  });
});
