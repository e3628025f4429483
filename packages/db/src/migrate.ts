import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { grantAppRole } from './app-role.ts';
import type { DatabaseHandle } from './database.ts';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

export interface MigrateOptions {
  /** For tests that stop part-way (a copy of the folder with a shorter journal). */
  readonly migrationsFolder?: string;
  /** PostgreSQL: after migrating, grant this role exactly what the app needs (`grantAppRole`). */
  readonly appRole?: string;
}

/** Applies every committed SQL migration not yet applied. Safe to run from several processes. */
export async function migrateDatabase(handle: DatabaseHandle, options: MigrateOptions = {}): Promise<void> {
  const folder = options.migrationsFolder ?? migrationsFolder;
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return;
  }
  // Serialise concurrent migrators (several instances starting at once) on a session advisory
  // lock held by one reserved connection while the migrator runs on the pool.
  const lockHolder = await handle.sql.reserve();
  try {
    await lockHolder`select pg_advisory_lock(7061786372)`;
    await migratePostgres(handle.db as unknown as PostgresJsDatabase, { migrationsFolder: folder });
    // On the pool (its own transaction) while the lock holder keeps other migrators out: concurrent GRANTs fail.
    if (options.appRole !== undefined) await grantAppRole(handle.sql, options.appRole);
  } finally {
    await lockHolder`select pg_advisory_unlock(7061786372)`.catch(() => {});
    lockHolder.release();
  }
}
