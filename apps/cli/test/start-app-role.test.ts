import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createReadmeRoles, type ReadmeRoles } from '../../../test/postgres-roles.ts';
import { freePort, repoRoot, startPolymancer, type RunningProcess } from '../../../test/processes.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl === undefined) {
  console.warn('SKIPPED apps/cli/test/start-app-role.test.ts: least-privilege roles need a real PostgreSQL server (set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test; CI sets it)');
}

describe.if(adminUrl !== undefined)('polymancer start as the least-privilege app role (README "Running against PostgreSQL")', () => {
  let roles: ReadmeRoles;
  let app: postgres.Sql;
  let proc: RunningProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'pm-roles-'));
  const env = () => ({ POLYMANCER_DATA_DIR: dataDir, DATABASE_URL: roles.appUrl, DATABASE_MIGRATION_URL: roles.ownerUrl, AUTH_SECRET: '' });
  beforeAll(async () => {
    roles = await createReadmeRoles(adminUrl!);
    app = postgres(roles.appUrl, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await proc?.stop();
    await app?.end({ timeout: 5 });
    await roles?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('`migrate` runs as the owner and grants the app role', () => {
    const run = spawnSync(join(repoRoot, 'polymancer'), ['migrate'], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'silent', ...env() }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`as ${roles.owner}\n`);
    expect(run.stdout).toContain(`app role ${roles.app}: granted what the app needs (SELECT and INSERT only on audit_events)`);
    expect(run.stdout).not.toContain('change-me');
    expect(run.stdout).not.toContain(new URL(roles.ownerUrl).password);
  }, 120_000);

  test('`migrate` as the app role alone runs nothing: the database is up to date and the role may not migrate', () => {
    const run = spawnSync(join(repoRoot, 'polymancer'), ['migrate'], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'silent', ...env(), DATABASE_MIGRATION_URL: '' }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('is at the newest migration (DATABASE_URL\'s role may not migrate');
  }, 120_000);

  test('the worker closes a "close all positions" run whose process died as interrupted (liquidation.recover)', async () => {
    // Left `running` by a process that died 20 minutes ago; the worker's first pass runs when `start` starts.
    await app`insert into users (id, name, email) values ('usr_died', 'died', 'died@example.test')`;
    await app`insert into bots (id, user_id, name) values ('bot_died', 'usr_died', 'died')`;
    await app`insert into bot_liquidations (id, bot_id, user_id, type, requested_by_type, requested_by, reason, status, started_at)
              values ('liquidation_died', 'bot_died', 'usr_died', 'paper', 'user', 'usr_died', 'test', 'running', now() - interval '20 minutes')`;
  });

  test('serves as the app role, with no warning about its powers; its demo bots tick and trades are appended to the audit log', async () => {
    proc = startPolymancer(['start'], { ...env(), PORT: String(await freePort()), CLOB_SIM_PORT: '0', CLOB_SIM_CHAIN: 'off' });
    await proc.waitFor(/demo bots: 2 paper bots/, 110_000);
    expect(proc.output()).not.toContain('database:');
    // The job queue's schema is the one the README created for the app role, now holding pg-boss's tables.
    const [jobTable] = await app`select tableowner from pg_tables where schemaname = 'pgboss' and tablename = 'job'`;
    expect(jobTable).toEqual({ tableowner: roles.app });
    // Real time on purpose: the product promise ("trades within a minute"), bounded at 90 s.
    const deadline = Date.now() + 90_000;
    let traded = 0;
    while (Date.now() < deadline && traded === 0) {
      const [row] = await app`select count(*)::int as n from audit_events where action = 'bot.trade.executed'`;
      traded = row!.n;
      if (traded === 0) await Bun.sleep(1_000);
    }
    expect(traded).toBeGreaterThan(0);
    const [ticks] = await app`select count(*)::int as n from bot_tick_runs`;
    expect(ticks!.n).toBeGreaterThan(0);
    // By then the worker's first liquidation.recover pass has run (its queue is served as soon as the worker starts).
    let closed: { status: string } | undefined;
    while (Date.now() < deadline + 30_000 && closed?.status !== 'interrupted') {
      [closed] = await app<{ status: string }[]>`select status from bot_liquidations where id = 'liquidation_died'`;
      if (closed?.status !== 'interrupted') await Bun.sleep(500);
    }
    expect(closed).toEqual({ status: 'interrupted' });
    const [told] = await app`select count(*)::int as n from notifications where user_id = 'usr_died' and kind = 'bot.liquidated'`;
    expect(told!.n).toBe(1);
  }, 240_000);

  test('the role the platform runs as cannot remove audit rows or switch the triggers off', async () => {
    await expect(app`delete from audit_events`).rejects.toThrow('permission denied for table audit_events');
    await expect(app`truncate audit_events`).rejects.toThrow('permission denied for table audit_events');
    await expect(app`alter table audit_events disable trigger all`).rejects.toThrow('must be owner of table audit_events');
    await expect(app`set session_replication_role = replica`).rejects.toThrow('permission denied to set parameter');
  });

  test('stops cleanly, and `audit verify` as the app role checks the chain and the shutdown checkpoint', async () => {
    expect(await proc!.stop('SIGTERM')).toBe(0);
    const run = spawnSync(join(repoRoot, 'polymancer'), ['audit', 'verify'], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'silent', ...env(), DATABASE_MIGRATION_URL: '' }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [, tipSeq] = run.stdout.match(/audit chain intact: \d+ events, tip seq (\d+)/)!;
    expect(run.stdout).toContain(`checkpoint checked: checkpoint seq ${tipSeq} `);
  }, 120_000);
});
