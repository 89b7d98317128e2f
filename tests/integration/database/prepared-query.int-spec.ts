import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source';
import { preparedQuery } from '../../../src/database/prepared-query';
import { createTestDatabase } from '../../setup/test-db';

describe('preparedQuery: a statement planned once per connection', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.url)); // the application's own connection settings
    await ds.initialize();
    await ds.query(`CREATE TABLE prepared_probe (id int PRIMARY KEY, label text NOT NULL)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('gives the same rows as an unnamed query, each call with its own parameters, and is kept prepared on the connection', async () => {
    await ds.query(`INSERT INTO prepared_probe VALUES (1, 'một'), (2, 'hai'), (3, 'ba')`);
    const text = 'SELECT id, label FROM prepared_probe WHERE id = ANY($1::int[]) ORDER BY id';
    for (let i = 0; i < 6; i++) {
      expect(await preparedQuery(ds.manager, text, [[1, 3]])).toEqual(await ds.query(text, [[1, 3]]));
      expect(await preparedQuery(ds.manager, text, [[2]])).toEqual([{ id: 2, label: 'hai' }]);
    }
    // Inside a transaction: the transaction's own connection, which sees its uncommitted row; the statement is prepared
    // there once and planned generically (no planning per call: the point of it).
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO prepared_probe VALUES (4, 'bốn')`);
      expect(await preparedQuery(m, text, [[4]])).toEqual([{ id: 4, label: 'bốn' }]);
      expect(await preparedQuery(m, text, [[1, 4]])).toEqual([{ id: 1, label: 'một' }, { id: 4, label: 'bốn' }]);
      const kept = await m.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'q\\_%' AND statement LIKE '%prepared_probe%'`);
      expect(kept).toHaveLength(1);
      expect(Number(kept[0].generic_plans)).toBeGreaterThanOrEqual(2);
      expect(Number(kept[0].custom_plans)).toBe(0);
    });
    expect(await ds.query(`SELECT id FROM prepared_probe WHERE id = 4`)).toHaveLength(1);
  });

  it('two different texts are two statements (no name clash), and a failing statement rejects with the driver error', async () => {
    const a = await preparedQuery<{ v: number }>(ds.manager, 'SELECT $1::int + 1 AS v', [1]);
    const b = await preparedQuery<{ v: number }>(ds.manager, 'SELECT $1::int + 2 AS v', [1]);
    expect([a[0].v, b[0].v]).toEqual([2, 3]);
    await expect(preparedQuery(ds.manager, 'SELECT $1::int AS v', ['không phải số'])).rejects.toMatchObject({ code: '22P02' });
    expect((await preparedQuery<{ v: number }>(ds.manager, 'SELECT $1::int AS v', [7]))[0].v).toBe(7);
  });

  it('a statement made stale by a migration (a column added to a table read with *) is prepared again, not an error', async () => {
    await ds.query(`CREATE TABLE prepared_shape (id int PRIMARY KEY)`);
    await ds.query(`INSERT INTO prepared_shape VALUES (1)`);
    const text = 'SELECT * FROM prepared_shape WHERE id = $1';
    // Prepared on two connections at once (two concurrent calls).
    await Promise.all([preparedQuery(ds.manager, text, [1]), preparedQuery(ds.manager, text, [1])]);
    await ds.query(`ALTER TABLE prepared_shape ADD COLUMN label text NOT NULL DEFAULT 'mới'`);
    for (let i = 0; i < 4; i++) expect(await preparedQuery(ds.manager, text, [1])).toEqual([{ id: 1, label: 'mới' }]);
    await Promise.all([0, 1].map(async () => expect(await preparedQuery(ds.manager, text, [1])).toEqual([{ id: 1, label: 'mới' }])));
  });

  it('inside a transaction a stale statement fails that transaction alone; the next one prepares it under a new name', async () => {
    // One connection, so the statement prepared before the migration is certainly the one the transaction meets.
    const options = dataSourceOptions(db.url);
    const one = new DataSource({ ...options, extra: { ...(options.extra as object), max: 1 } });
    await one.initialize();
    try {
      await one.query(`CREATE TABLE prepared_shape_tx (id int PRIMARY KEY)`);
      await one.query(`INSERT INTO prepared_shape_tx VALUES (1)`);
      const text = 'SELECT * FROM prepared_shape_tx WHERE id = $1';
      expect(await one.transaction((m) => preparedQuery(m, text, [1]))).toEqual([{ id: 1 }]);
      await one.query(`ALTER TABLE prepared_shape_tx ADD COLUMN label text NOT NULL DEFAULT 'mới'`);
      await expect(one.transaction((m) => preparedQuery(m, text, [1]))).rejects.toMatchObject({ code: '0A000' });
      for (let i = 0; i < 3; i++) expect(await one.transaction((m) => preparedQuery(m, text, [1]))).toEqual([{ id: 1, label: 'mới' }]);
      expect(await preparedQuery(one.manager, text, [1])).toEqual([{ id: 1, label: 'mới' }]);
    } finally {
      await one.destroy();
    }
  });
});
