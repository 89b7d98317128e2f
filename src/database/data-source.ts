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
    // jit=off: our queries are short; PostgreSQL's JIT (on by default) compiled a ward's visible-count for ~150 ms before
    // running it in ~20 ms, whenever its cost estimate crossed jit_optimize_above_cost (bench B5, province scale).
    // plan_cache_mode: only named prepared statements are cached, and the only ones are preparedQuery's (prepared-query.ts),
    // chosen because their generic plan runs as fast as a custom one; PostgreSQL's own choice kept re-planning them.
    extra: { max: 20, application_name: 'vanthu', options: '-c jit=off -c plan_cache_mode=force_generic_plan' },
    ...extra,
  } as DataSourceOptions;
}
