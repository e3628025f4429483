/**
 * Least-privilege database roles (PostgreSQL only; embedded PGlite is single-user).
 *
 * Guarantees
 * - Migrations run as the owner role; the API and workers connect as an app role that owns no table
 *   in `public`, is not a superuser, and holds only SELECT and INSERT on `audit_events` — so it can
 *   neither change the audit log nor switch its append-only triggers off (ALTER TABLE … DISABLE
 *   TRIGGER needs ownership; `session_replication_role` needs a superuser).
 * - `grantAppRole` is idempotent and exact: run after every migration, it gives the app role DML on
 *   every table and sequence of `public` except the audit log, takes back anything beyond that, and
 *   sets the owner's default privileges so a table created outside a migration is covered too.
 *
 * Semantics
 * - The app role is whichever role DATABASE_URL connects as (`current_user`), so no role name is
 *   configured twice and poolers that rewrite user names (Supabase's `user.project`) still work.
 * - pg-boss's schema (`pgboss`) is the app role's own: pg-boss creates a table per queue at run time
 *   and attaches it to its partitioned job table, which only the table's owner may do. Owning the
 *   job queue gives no power over `public` (README "Running against PostgreSQL" creates it).
 *
 * Known limitations
 * - A role granted SET on `session_replication_role` (PostgreSQL 15+ `GRANT SET ON PARAMETER`) could
 *   still bypass triggers; `auditTriggerPowers` checks superuser and ownership only.
 */
import type postgres from 'postgres';

/** The role this connection acts as. */
export async function currentRole(sql: postgres.Sql): Promise<{ role: string; database: string }> {
  const [row] = await sql<Array<{ role: string; database: string }>>`select current_user as role, current_database() as database`;
  return row!;
}

/** Grants `appRole` exactly what the API and workers need. Run by the owner, under the migration lock (concurrent GRANTs collide). */
export async function grantAppRole(owner: postgres.Sql, appRole: string): Promise<void> {
  const app = owner(appRole);
  await owner.begin(async (tx) => {
    await tx`grant usage on schema public to ${app}`;
    await tx`grant select, insert, update, delete on all tables in schema public to ${app}`;
    // Nothing that creates triggers or foreign keys on our tables, nor empties them.
    await tx`revoke truncate, references, trigger on all tables in schema public from ${app}`;
    // The audit log: read and append only. The triggers refuse UPDATE and DELETE even to its owner;
    // without the privileges the app role is refused before a trigger is reached.
    await tx`revoke all on table audit_events from ${app}`;
    await tx`grant select, insert on table audit_events to ${app}`;
    await tx`grant usage, select on all sequences in schema public to ${app}`;
    // Read-only view of the migrations journal: a process without the owner's URL checks nothing is pending.
    await tx`grant usage on schema drizzle to ${app}`;
    await tx`grant select on drizzle.__drizzle_migrations to ${app}`;
    // Tables and sequences the owner creates later (outside a migration this function follows).
    await tx`alter default privileges in schema public grant select, insert, update, delete on tables to ${app}`;
    await tx`alter default privileges in schema public grant usage, select on sequences to ${app}`;
  });
}

/**
 * Why this connection's role could switch the audit log's append-only triggers off: it is a
 * superuser, or it owns `audit_events` (or may act as its owner). Empty when it cannot, or when the
 * database is not migrated yet.
 */
export async function auditTriggerPowers(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<Array<{ role: string; superuser: boolean; owner: string; actsAsOwner: boolean }>>`
    select current_user as role, r.rolsuper as superuser, pg_get_userbyid(c.relowner) as owner,
           pg_has_role(current_user, c.relowner, 'MEMBER') as "actsAsOwner"
    from pg_roles r, pg_class c
    where r.rolname = current_user and c.oid = to_regclass('public.audit_events')`;
  const row = rows[0];
  if (row === undefined) return [];
  const powers: string[] = [];
  if (row.superuser) powers.push(`${row.role} is a superuser`);
  else if (row.actsAsOwner) powers.push(row.owner === row.role ? `${row.role} owns audit_events` : `${row.role} is a member of ${row.owner}, which owns audit_events`);
  return powers;
}
