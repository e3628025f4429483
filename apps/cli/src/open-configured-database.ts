import type { Config } from '@polymancer/config';
import { migrateAsOwner, openDatabase, type DatabaseHandle, type MigrationRoles } from '@polymancer/db';
import { lockDataFolder } from './data-folder-lock.ts';

/**
 * Commands other than `start` (migrate, audit verify, the operator commands) open the database for a
 * moment. The embedded PGlite folder must never be open in two processes (a second one corrupts it),
 * so with it they take the data-folder lock `start` holds, and refuse while `start` runs; PostgreSQL
 * (DATABASE_URL) takes many connections and needs no lock. The lock is released on close or exit.
 */
export async function openCommandDatabase(config: Config, options: { migrate: boolean }): Promise<{ handle: DatabaseHandle; roles: MigrationRoles | undefined }> {
  if (config.databaseUrl !== undefined) return openAndMigrate(config, options);
  const lock = lockDataFolder(config.dataDir, {
    advice: 'it holds the embedded database: stop `polymancer start` first, or act through its API, or set DATABASE_URL to a PostgreSQL database that both use',
  });
  const release = () => lock.release();
  process.on('exit', release);
  try {
    const opened = await openAndMigrate(config, options);
    const close = opened.handle.close.bind(opened.handle);
    const handle: DatabaseHandle = {
      ...opened.handle,
      close: async () => {
        try {
          await close();
        } finally {
          release();
          process.off('exit', release);
        }
      },
    };
    return { handle, roles: opened.roles };
  } catch (error) {
    release();
    process.off('exit', release);
    throw error;
  }
}

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
