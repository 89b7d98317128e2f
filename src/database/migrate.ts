import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { ensureDatabase } from './ensure-database';

export async function migrateDatabase(databaseUrl: string, opts: { revert?: boolean } = {}): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 2 } } as never));
  await ds.initialize();
  try {
    if (opts.revert) {
      await ds.undoLastMigration({ transaction: 'each' });
      return [];
    }
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
