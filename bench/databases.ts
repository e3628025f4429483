/**
 * Fresh databases for one benchmark run on a real PostgreSQL server: created from the admin URL
 * (`BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`, else the local default), migrated, dropped after.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@polymancer/db';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function adminUrlFromEnv(): string {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;
}

export const adminSql = (adminUrl: string) => postgres(adminUrl, { max: 1, onnotice: () => {} });

export const freshDatabaseName = (what: string) => `pm_bench_${what}_${randomBytes(4).toString('hex')}`;

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface BenchDatabase {
  readonly handle: DatabaseHandle;
  dispose(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string, poolMax: number): Promise<BenchDatabase> {
  const name = freshDatabaseName('ticks');
  const admin = adminSql(adminUrl);
  await admin.unsafe(`create database ${name}`);
  const handle = await openDatabase({ databaseUrl: databaseUrl(adminUrl, name), poolMax });
  await migrateDatabase(handle);
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
