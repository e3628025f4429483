/**
 * Who runs the migrations. With an owner URL (DATABASE_MIGRATION_URL) they run as that owner role,
 * which then grants the app role — the one DATABASE_URL connects as — what it needs. Without one they
 * run on the app's own connection (one role, as on a laptop), unless that role may not migrate (it
 * cannot create in the database): then nothing is run, and a pending migration refuses the start, so
 * serving processes need not hold the owner's password once a release step has migrated.
 * Embedded PGlite has no roles.
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type postgres from 'postgres';
import { ConfigError } from '@polymancer/core';
import { currentRole } from './app-role.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { migrateDatabase, migrationsFolder as committedMigrations } from './migrate.ts';

export interface MigrationRoles {
  /** Whether this call ran the migrator (false: the app role may not, and found nothing pending). */
  readonly ran: boolean;
  /** The role migrations ran as (undefined on PGlite). */
  readonly owner: string | undefined;
  /** The app role granted its privileges; undefined when migrations ran on the app's own connection. */
  readonly app: string | undefined;
}

export async function migrateAsOwner(app: DatabaseHandle, ownerUrl: string | undefined, options: { migrationsFolder?: string } = {}): Promise<MigrationRoles> {
  const folder = options.migrationsFolder ?? committedMigrations;
  if (app.kind === 'pglite') {
    await migrateDatabase(app, { migrationsFolder: folder });
    return { ran: true, owner: undefined, app: undefined };
  }
  const appSide = await currentRole(app.sql);
  if (ownerUrl === undefined) {
    const [privilege] = await app.sql<Array<{ may: boolean }>>`select has_database_privilege(current_database(), 'CREATE') as may`;
    if (privilege?.may !== true) {
      await refusePending(app.sql, folder, appSide.role);
      return { ran: false, owner: undefined, app: undefined };
    }
    await migrateDatabase(app, { migrationsFolder: folder });
    return { ran: true, owner: appSide.role, app: undefined };
  }
  const owner = await openDatabase({ databaseUrl: ownerUrl, poolMax: 2 });
  try {
    if (owner.kind !== 'postgres') throw new ConfigError('DATABASE_MIGRATION_URL: must be a PostgreSQL URL');
    const ownerSide = await currentRole(owner.sql);
    if (ownerSide.database !== appSide.database) {
      throw new ConfigError(`DATABASE_MIGRATION_URL reaches database ${ownerSide.database} but DATABASE_URL reaches ${appSide.database}: both must name the same database`);
    }
    const appRole = ownerSide.role === appSide.role ? undefined : appSide.role;
    await migrateDatabase(owner, { migrationsFolder: folder, ...(appRole === undefined ? {} : { appRole }) });
    return { ran: true, owner: ownerSide.role, app: appRole };
  } finally {
    await owner.close();
  }
}

/** As drizzle's migrator decides: a committed migration newer than the newest applied one is pending. */
async function refusePending(sql: postgres.Sql, folder: string, role: string): Promise<void> {
  const newest = Math.max(...readMigrationFiles({ migrationsFolder: folder }).map((m) => m.folderMillis));
  let applied: number | undefined;
  try {
    const [row] = await sql<Array<{ at: string | null }>>`select max(created_at)::text as at from drizzle.__drizzle_migrations`;
    applied = row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  } catch {
    // Not migrated yet, or the journal is not readable by this role: treated as pending.
  }
  if (applied === undefined || applied < newest) {
    throw new ConfigError(
      `DATABASE_URL's role ${role} may not migrate this database, and it has migrations pending: run \`polymancer migrate\` with DATABASE_MIGRATION_URL set to the owner role first, or set it here too (README "Running against PostgreSQL")`,
    );
  }
}
