/**
 * Test databases: every database test runs on embedded PGlite and, when TEST_DATABASE_URL points
 * at a PostgreSQL server, on a fresh database of that server too (created per suite, dropped after).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '@polymancer/db';

export type Engine = 'pglite' | 'postgres';

export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  readonly engine: Engine;
  readonly handle: DatabaseHandle;
  /** URL of the per-suite Postgres database, for processes the test starts. */
  readonly url: string | undefined;
  dispose(): Promise<void>;
}

export async function createTestDatabase(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (engine === 'pglite') {
    const handle = await openDatabase({});
    if (migrate) await migrateDatabase(handle);
    return { engine, handle, url: undefined, dispose: () => handle.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `pm_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolMax: 10 });
  if (migrate) await migrateDatabase(handle);
  return {
    engine,
    handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
