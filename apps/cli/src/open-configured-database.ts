import type { Config } from '@polymancer/config';
import { migrateAsOwner, openDatabase, type DatabaseHandle, type MigrationRoles } from '@polymancer/db';

/**
 * Opens DATABASE_URL (the app's connection) or the embedded database. With `migrate`, migrations
 * run first, as the owner role when DATABASE_MIGRATION_URL is set (which then grants the app role).
 */
export async function openConfiguredDatabase(config: Config, options: { migrate: boolean }): Promise<DatabaseHandle> {
  return (await openAndMigrate(config, options)).handle;
}

export async function openAndMigrate(config: Config, options: { migrate: boolean }): Promise<{ handle: DatabaseHandle; roles: MigrationRoles | undefined }> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.databasePoolMax });
  try {
    const roles = options.migrate ? await migrateAsOwner(handle, config.databaseMigrationUrl) : undefined;
    return { handle, roles };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
