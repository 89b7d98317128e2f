import { loadConfig } from '../config/app-config';
import { loadEnvFile } from '../config/env-file';
import { migrateDatabase } from './migrate';

async function main() {
  const config = (loadEnvFile(), loadConfig());
  const revert = process.argv.includes('--revert');
  const applied = await migrateDatabase(config.databaseUrl, { revert });
  process.stdout.write(revert ? 'Reverted the last migration.\n' : `Applied ${applied.length} migration(s)${applied.length ? ': ' + applied.join(', ') : ''}.\n`);
}

main().catch((e) => {
  process.stderr.write(`Migration failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
