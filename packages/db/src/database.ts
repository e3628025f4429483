import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { makePrivateFolder, restrictTree } from './private-folder.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The one database type services' adapters see, whichever engine is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseHandle =
  | { readonly kind: 'pglite'; readonly db: Database; readonly pglite: PGlite; close(): Promise<void> }
  | { readonly kind: 'postgres'; readonly db: Database; readonly sql: postgres.Sql; readonly url: string; close(): Promise<void> };

export interface OpenDatabaseOptions {
  /** Postgres URL; unset = embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** Folder for PGlite's files; unset with no URL = in memory (tests). */
  readonly dataDir?: string | undefined;
  readonly poolMax?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl !== undefined) {
    const sql = postgres(options.databaseUrl, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      // Timestamps come back as Date; bigint columns are read through Drizzle's number mode.
    });
    const db = drizzlePostgres(sql, { schema }) as unknown as Database;
    return { kind: 'postgres', db, sql, url: options.databaseUrl, close: () => sql.end({ timeout: 5 }) };
  }
  let dir: string | undefined;
  if (options.dataDir !== undefined) {
    makePrivateFolder(options.dataDir);
    dir = join(options.dataDir, 'pgdata');
    makePrivateFolder(dir);
  }
  const pglite = dir === undefined ? new PGlite() : new PGlite(dir);
  await pglite.waitReady;
  if (dir !== undefined) restrictTree(dir);
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  const close = async () => {
    await pglite.close();
    if (dir !== undefined) restrictTree(dir);
  };
  return { kind: 'pglite', db, pglite, close };
}
