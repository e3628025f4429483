import { loadConfig, redactUrl } from '@polymancer/config';
import { openCommandDatabase } from '../open-configured-database.ts';

export const migrateHelp = `Usage: polymancer migrate

Applies every committed SQL migration not yet applied to the configured database
(DATABASE_URL, or the embedded PGlite under POLYMANCER_DATA_DIR). Safe to run repeatedly.
With DATABASE_MIGRATION_URL set, migrations run as that owner role, which then grants the role
DATABASE_URL connects as only what the app needs (README "Running against PostgreSQL").`;

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const { handle, roles } = await openCommandDatabase(config, { migrate: true });
  await handle.close();
  const where = config.databaseUrl ? redactUrl(config.databaseUrl) : `embedded database in ${config.dataDir}`;
  if (roles?.ran === false) {
    console.log(`nothing to migrate: ${where} is at the newest migration (DATABASE_URL's role may not migrate; set DATABASE_MIGRATION_URL to the owner role to run new ones)`);
    return 0;
  }
  const as = roles?.owner === undefined ? '' : ` as ${roles.owner}`;
  console.log(`migrations applied to ${where}${as}`);
  if (roles?.app !== undefined) console.log(`app role ${roles.app}: granted what the app needs (SELECT and INSERT only on audit_events)`);
  return 0;
}
