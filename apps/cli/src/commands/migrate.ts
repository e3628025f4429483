import { loadConfig, redactUrl } from '@polymancer/config';
import { openConfiguredDatabase } from '../open-configured-database.ts';

export const migrateHelp = `Usage: polymancer migrate

Applies every committed SQL migration not yet applied to the configured database
(DATABASE_URL, or the embedded PGlite under POLYMANCER_DATA_DIR). Safe to run repeatedly.`;

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config, { migrate: true });
  await db.close();
  console.log(`migrations applied to ${config.databaseUrl ? redactUrl(config.databaseUrl) : `embedded database in ${config.dataDir}`}`);
  return 0;
}
