import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '@polymancer/audit';
import { systemClock } from '@polymancer/core';
import { auditTriggerPowers, createAuditStore, migrateAsOwner, migrationsFolder, openDatabase, type DatabaseHandle } from '@polymancer/db';
import postgres from 'postgres';
import { createReadmeRoles, type ReadmeRoles } from '../../../test/postgres-roles.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl === undefined) {
  console.warn('SKIPPED packages/db/test/app-role.test.ts: least-privilege roles need a real PostgreSQL server (set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test; CI sets it)');
}

/** A copy of the committed migrations with one more, newer migration: the database is then behind. */
function foldersWithOneMore(): { folder: string; dispose(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'pm-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number; when: number; tag: string }> };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_roles_test' });
  writeFileSync(journalPath, JSON.stringify(journal));
  writeFileSync(join(folder, '9999_roles_test.sql'), 'CREATE TABLE roles_test_pending (id int);');
  return { folder, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

/** The SQLSTATE a refused statement fails with. */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  return 'accepted';
}

describe.if(adminUrl !== undefined)('least-privilege database roles (README "Running against PostgreSQL")', () => {
  let roles: ReadmeRoles;
  let app: DatabaseHandle & { kind: 'postgres' };
  let owner: postgres.Sql;
  beforeAll(async () => {
    roles = await createReadmeRoles(adminUrl!);
    app = (await openDatabase({ databaseUrl: roles.appUrl, poolMax: 4 })) as DatabaseHandle & { kind: 'postgres' };
    owner = postgres(roles.ownerUrl, { max: 1, onnotice: () => {} });
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await owner?.end({ timeout: 5 });
    await roles?.dispose();
  });

  test('migrations run as the owner, which then grants the role DATABASE_URL connects as', async () => {
    expect(await migrateAsOwner(app, roles.ownerUrl)).toEqual({ ran: true, owner: roles.owner, app: roles.app });
    // Again: idempotent, and the grants are re-applied after every migration.
    expect(await migrateAsOwner(app, roles.ownerUrl)).toEqual({ ran: true, owner: roles.owner, app: roles.app });
  }, 60_000);

  test('without DATABASE_MIGRATION_URL a process whose role may not migrate runs nothing, and starts when nothing is pending', async () => {
    expect(await migrateAsOwner(app, undefined)).toEqual({ ran: false, owner: undefined, app: undefined });
  });

  test('… and refuses to start while a migration is pending, until the owner has run it', async () => {
    const ahead = foldersWithOneMore();
    try {
      const error = await migrateAsOwner(app, undefined, { migrationsFolder: ahead.folder }).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'config_invalid' });
      expect((error as Error).message).toContain(`DATABASE_URL's role ${roles.app} may not migrate this database, and it has migrations pending: run \`polymancer migrate\` with DATABASE_MIGRATION_URL`);
      expect(await migrateAsOwner(app, roles.ownerUrl, { migrationsFolder: ahead.folder })).toEqual({ ran: true, owner: roles.owner, app: roles.app });
      expect(await migrateAsOwner(app, undefined, { migrationsFolder: ahead.folder })).toEqual({ ran: false, owner: undefined, app: undefined });
      // The owner's new table reached the app role through the grants.
      expect([...(await app.sql`select count(*)::int as n from roles_test_pending`)]).toEqual([{ n: 0 }]);
    } finally {
      ahead.dispose();
    }
  }, 60_000);

  test('the app role is not a superuser and owns no table, sequence or function in public', async () => {
    const [role] = await app.sql`select rolsuper, rolcreatedb, rolcreaterole, rolbypassrls from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false });
    const owned = await app.sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relowner = (select oid from pg_roles where rolname = current_user)`;
    expect([...owned]).toEqual([]);
    const [tables] = await app.sql`select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = ${roles.owner}`;
    expect(tables!.n).toBeGreaterThan(20);
    expect(await auditTriggerPowers(app.sql)).toEqual([]);
  });

  test('the app role appends to the audit log and reads it back as an intact chain', async () => {
    const audit = createAuditLog({ store: createAuditStore(app.db), clock: systemClock });
    await audit.record({ actorId: null, actorType: 'system', action: 'roles.test.appended', details: { n: 1 } });
    await audit.record({ actorId: null, actorType: 'system', action: 'roles.test.appended', details: { n: 2 } });
    const verified = await audit.verify();
    expect(verified).toMatchObject({ ok: true, rows: 2 });
  });

  test('the app role can neither change nor remove audit rows: DELETE, UPDATE and TRUNCATE are refused', async () => {
    expect(await refusal(() => app.sql`delete from audit_events`)).toStartWith('42501: permission denied for table audit_events');
    expect(await refusal(() => app.sql`update audit_events set action = 'forged'`)).toStartWith('42501: permission denied for table audit_events');
    expect(await refusal(() => app.sql`truncate audit_events`)).toStartWith('42501: permission denied for table audit_events');
    const [count] = await app.sql`select count(*)::int as n from audit_events`;
    expect(count!.n).toBe(2);
  });

  test('the app role cannot switch the append-only triggers off', async () => {
    expect(await refusal(() => app.sql`alter table audit_events disable trigger audit_events_no_update_delete`)).toStartWith('42501: must be owner of table audit_events');
    expect(await refusal(() => app.sql`alter table audit_events disable trigger all`)).toStartWith('42501: must be owner of table audit_events');
    expect(await refusal(() => app.sql`set session_replication_role = replica`)).toStartWith('42501: permission denied to set parameter "session_replication_role"');
    expect(await refusal(() => app.sql`drop trigger audit_events_no_update_delete on audit_events`)).toStartWith('42501: must be owner of');
    expect(await refusal(() => app.sql`create trigger t after insert on audit_events for each row execute function audit_events_refuse_change()`)).toStartWith('42501:');
    // Nor create tables beside ours, nor schemas.
    expect(await refusal(() => app.sql`create table public.stray (id int)`)).toStartWith('42501: permission denied for schema public');
    expect(await refusal(() => app.sql`create schema stray`)).toStartWith('42501: permission denied for database');
  });

  test('the app role reads and writes the other tables it needs', async () => {
    await app.sql`insert into users (id, name, email) values ('usr_roles1', 'R', 'r@example.com')`;
    await app.sql`insert into bots (id, user_id, name) values ('bot_roles1', 'usr_roles1', 'B')`;
    await app.sql`update bots set status = 'active' where id = 'bot_roles1'`;
    // The bots trigger keeps the scheduler's rows: it runs with the app role's privileges on bot_tick_schedules.
    const [scheduled] = await app.sql`select count(*)::int as n from bot_tick_schedules where bot_id = 'bot_roles1'`;
    expect(scheduled!.n).toBe(1);
    await app.sql`delete from bots where id = 'bot_roles1'`;
    await app.sql`delete from users where id = 'usr_roles1'`;
  });

  test('a table the owner creates later is covered by the default privileges', async () => {
    await owner`create table later_table (id serial primary key, note text)`;
    await app.sql`insert into later_table (note) values ('x')`;
    expect([...(await app.sql`select note from later_table`)]).toEqual([{ note: 'x' }]);
    expect(await refusal(() => app.sql`drop table later_table`)).toStartWith('42501: must be owner of table later_table');
    await owner`drop table later_table`;
  });

  test('the grants are exact: a privilege added by hand on the audit log is taken back by the next migration', async () => {
    await owner.unsafe(`grant update, delete, truncate on audit_events to ${roles.app}`);
    expect(await refusal(() => app.sql`update audit_events set action = action where false`)).toBe('accepted');
    await migrateAsOwner(app, roles.ownerUrl);
    expect(await refusal(() => app.sql`update audit_events set action = action where false`)).toStartWith('42501: permission denied for table audit_events');
    const [privileges] = await app.sql`
      select string_agg(privilege_type, ',' order by privilege_type) as list from information_schema.role_table_grants
      where table_name = 'audit_events' and grantee = current_user`;
    expect(privileges!.list).toBe('INSERT,SELECT');
  }, 60_000);

  test('names who can switch the triggers off: the owner of audit_events and a superuser', async () => {
    expect(await auditTriggerPowers(owner)).toEqual([`${roles.owner} owns audit_events`]);
    const superuser = postgres(roles.superuserUrl, { max: 1, onnotice: () => {} });
    try {
      const [me] = await superuser`select current_user as name`;
      expect(await auditTriggerPowers(superuser)).toEqual([`${me!.name} is a superuser`]);
    } finally {
      await superuser.end({ timeout: 5 });
    }
  });

  test('refuses a migration URL that reaches another database than DATABASE_URL', async () => {
    const elsewhere = new URL(roles.ownerUrl);
    elsewhere.pathname = new URL(adminUrl!).pathname;
    const error = await migrateAsOwner(app, elsewhere.toString()).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect(String((error as Error).message)).toContain('both must name the same database');
  });
});
