/**
 * The README's least-privilege roles, created on the test PostgreSQL server exactly as the README's
 * "Running against PostgreSQL" blocks say, with names unique to this run (roles are cluster-wide).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';

const readmePath = new URL('../README.md', import.meta.url);

/** The SQL block that follows `<!-- postgres-roles:<name> -->` in the README. */
export function readmeRolesBlock(name: 'cluster' | 'database'): string {
  const readme = readFileSync(readmePath, 'utf8');
  const match = readme.match(new RegExp(`<!-- postgres-roles:${name} -->\\s*\`\`\`sql\\n([\\s\\S]*?)\`\`\``));
  if (match === null) throw new Error(`README has no postgres-roles:${name} SQL block`);
  return match[1]!;
}

export interface ReadmeRoles {
  readonly owner: string;
  readonly app: string;
  readonly database: string;
  /** DATABASE_MIGRATION_URL: the owner role. */
  readonly ownerUrl: string;
  /** DATABASE_URL: the app role. */
  readonly appUrl: string;
  /** The server's superuser, connected to the new database. */
  readonly superuserUrl: string;
  dispose(): Promise<void>;
}

export async function createReadmeRoles(adminUrl: string): Promise<ReadmeRoles> {
  const suffix = randomBytes(5).toString('hex');
  const names = { owner: `pm_owner_${suffix}`, app: `pm_app_${suffix}`, database: `pm_roles_${suffix}` };
  const passwords = { owner: `owner-${suffix}`, app: `app-${suffix}` };
  const rename = (block: string) =>
    block
      .replaceAll('polymancer_owner', names.owner)
      .replaceAll('polymancer_app', names.app)
      .replace(/\bpolymancer\b/g, names.database)
      .replaceAll("'change-me-owner'", `'${passwords.owner}'`)
      .replaceAll("'change-me-app'", `'${passwords.app}'`);
  const url = (user: string | undefined, password: string | undefined) => {
    const u = new URL(adminUrl);
    if (user !== undefined) u.username = user;
    if (password !== undefined) u.password = password;
    u.pathname = `/${names.database}`;
    return u.toString();
  };
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await runEach(admin, rename(readmeRolesBlock('cluster')));
  const superuserUrl = url(undefined, undefined);
  const inDatabase = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    await runEach(inDatabase, rename(readmeRolesBlock('database')));
  } finally {
    await inDatabase.end({ timeout: 5 });
  }
  return {
    ...names,
    ownerUrl: url(names.owner, passwords.owner),
    appUrl: url(names.app, passwords.app),
    superuserUrl,
    dispose: async () => {
      await admin.unsafe(`drop database if exists ${names.database} with (force)`);
      await admin.unsafe(`drop role if exists ${names.app}`);
      await admin.unsafe(`drop role if exists ${names.owner}`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** One statement at a time, as psql sends them (CREATE DATABASE refuses to run inside a multi-statement string). */
async function runEach(sql: postgres.Sql, block: string): Promise<void> {
  for (const statement of block.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0)) {
    await sql.unsafe(statement);
  }
}
