import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { loadConfig, type Config } from '@polymancer/config';
import { migrateAsOwner, openDatabase, type DatabaseHandle } from '@polymancer/db';
import { checkDatabaseRole } from '@polymancer/worker';
import { createReadmeRoles, type ReadmeRoles } from '../../../test/postgres-roles.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl === undefined) {
  console.warn('SKIPPED apps/worker/test/database-roles.test.ts: least-privilege roles need a real PostgreSQL server (set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test; CI sets it)');
}

describe('the database role check before serving', () => {
  test('embedded PGlite has one user: nothing to check, pg-boss creates its schema', async () => {
    const handle = await openDatabase({});
    try {
      expect(await checkDatabaseRole({ ...loadConfig({}), env: 'production' }, handle)).toEqual({ warning: undefined, createJobsSchema: true });
    } finally {
      await handle.close();
    }
  });
});

describe.if(adminUrl !== undefined)('the database role check before serving, on PostgreSQL', () => {
  let roles: ReadmeRoles;
  const open: DatabaseHandle[] = [];
  const connect = async (url: string) => {
    const handle = await openDatabase({ databaseUrl: url, poolMax: 2 });
    open.push(handle);
    return handle;
  };
  const config = (env: Config['env'], split: boolean): Config => ({
    ...loadConfig({ DATABASE_URL: roles.appUrl, ...(split ? { DATABASE_MIGRATION_URL: roles.ownerUrl } : {}) }),
    env,
  });
  beforeAll(async () => {
    roles = await createReadmeRoles(adminUrl!);
    await migrateAsOwner(await connect(roles.appUrl), roles.ownerUrl);
  });
  afterAll(async () => {
    for (const handle of open) await handle.close();
    await roles?.dispose();
  });

  test('production refuses a superuser DATABASE_URL, naming why and the fix', async () => {
    const superuser = await connect(roles.superuserUrl);
    const error = await checkDatabaseRole(config('production', false), superuser).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect((error as Error).message).toMatch(/DATABASE_URL connects as \S+, which can switch the audit log's append-only triggers off \(\S+ is a superuser\): refused in production; .*DATABASE_MIGRATION_URL/);
  });

  test('production refuses the owner of the tables as DATABASE_URL', async () => {
    const owner = await connect(roles.ownerUrl);
    await expect(checkDatabaseRole(config('production', false), owner)).rejects.toThrow(`(${roles.owner} owns audit_events): refused in production`);
  });

  test('elsewhere such a role is allowed with a warning to print', async () => {
    const check = await checkDatabaseRole(config('development', false), await connect(roles.superuserUrl));
    expect(check.warning).toMatch(/^DATABASE_URL connects as \S+, which can switch the audit log's append-only triggers off \(\S+ is a superuser\); in production connect as a least-privilege app role/);
  });

  test('the app role passes in production; pg-boss installs into the schema the README created instead of creating one', async () => {
    expect(await checkDatabaseRole(config('production', true), await connect(roles.appUrl))).toEqual({ warning: undefined, createJobsSchema: false });
  });

  test('a missing or foreign job-queue schema is refused with the statement that fixes it', async () => {
    const superuser = await connect(roles.superuserUrl);
    const app = await connect(roles.appUrl);
    if (superuser.kind !== 'postgres') throw new Error('postgres expected');
    await superuser.sql.unsafe('drop schema pgboss cascade');
    await expect(checkDatabaseRole(config('production', true), app)).rejects.toThrow(`may not create schemas: as an administrator, in this database: CREATE SCHEMA pgboss AUTHORIZATION ${roles.app}`);
    await superuser.sql.unsafe(`create schema pgboss authorization ${roles.owner}`);
    await expect(checkDatabaseRole(config('production', true), app)).rejects.toThrow(`the job queue's schema pgboss belongs to ${roles.owner}, not to ${roles.app}`);
    await superuser.sql.unsafe(`alter schema pgboss owner to ${roles.app}`);
    expect(await checkDatabaseRole(config('production', true), app)).toEqual({ warning: undefined, createJobsSchema: false });
  });
});
