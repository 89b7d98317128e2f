import { DataSourceOptions } from 'typeorm';
import { loadMigrations } from '../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One set of options for the app, the migration CLI and the test template database. synchronize is never on. */
export function dataSourceOptions(databaseUrl: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [],
    migrations: loadMigrations(),
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: { max: 20, application_name: 'vanthu' },
    ...extra,
  } as DataSourceOptions;
}
