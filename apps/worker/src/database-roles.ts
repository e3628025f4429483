/**
 * What `start` and the standalone worker check of their database role before they serve: the role
 * DATABASE_URL connects as must not be able to switch the audit log's append-only triggers off
 * (refused in production, named elsewhere), and the job queue's schema must be there for a role that
 * may not create schemas.
 */
import type { Config } from '@polymancer/config';
import { ConfigError } from '@polymancer/core';
import { auditTriggerPowers, currentRole, type DatabaseHandle } from '@polymancer/db';
import { jobsSchema } from '@polymancer/jobs';

export interface DatabaseRoleCheck {
  /** A line to print when the role is more powerful than the app needs (never in production: refused there). */
  readonly warning: string | undefined;
  /** Whether pg-boss should create its schema: no when it exists (a least-privilege role may not create schemas). */
  readonly createJobsSchema: boolean;
}

export async function checkDatabaseRole(config: Config, database: DatabaseHandle): Promise<DatabaseRoleCheck> {
  // Embedded PGlite is one process's database with one user: there is no role to separate.
  if (database.kind === 'pglite') return { warning: undefined, createJobsSchema: true };
  const powers = await auditTriggerPowers(database.sql);
  const { role } = await currentRole(database.sql);
  let warning: string | undefined;
  if (powers.length > 0) {
    const problem = `DATABASE_URL connects as ${role}, which can switch the audit log's append-only triggers off (${powers.join('; ')})`;
    const fix = 'connect as a least-privilege app role and run migrations as the owner with DATABASE_MIGRATION_URL (README "Running against PostgreSQL")';
    if (config.env === 'production') throw new ConfigError(`${problem}: refused in production; ${fix}`);
    warning = `${problem}; in production ${fix}`;
  }
  // pg-boss creates a table per queue at run time and attaches it to its job table, which only that table's owner may do.
  const [schema] = await database.sql<Array<{ owner: string; owned: boolean }>>`
    select pg_get_userbyid(nspowner) as owner, pg_has_role(current_user, nspowner, 'USAGE') as owned from pg_namespace where nspname = ${jobsSchema}`;
  const [privilege] = await database.sql<Array<{ may: boolean }>>`select has_database_privilege(current_database(), 'CREATE') as may`;
  const create = `as an administrator, in this database: CREATE SCHEMA ${jobsSchema} AUTHORIZATION ${role} (README "Running against PostgreSQL")`;
  if (schema === undefined && privilege?.may !== true) {
    throw new ConfigError(`the job queue's schema ${jobsSchema} does not exist, and the app role ${role} may not create schemas: ${create}`);
  }
  if (schema !== undefined && !schema.owned) {
    throw new ConfigError(`the job queue's schema ${jobsSchema} belongs to ${schema.owner}, not to ${role}, which must own it (pg-boss adds a table per queue): DROP SCHEMA ${jobsSchema} CASCADE (queued jobs are lost; schedules come back at start), then ${create}`);
  }
  return { warning, createJobsSchema: schema === undefined };
}
