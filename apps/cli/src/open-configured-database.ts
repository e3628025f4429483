import type { Config } from '@polymancer/config';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '@polymancer/db';

export async function openConfiguredDatabase(config: Config, options: { migrate: boolean }): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.databasePoolMax });
  if (options.migrate) await migrateDatabase(handle);
  return handle;
}
