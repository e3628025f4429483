import { afterEach, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createAuditLog } from '@polymancer/audit';
import { ManualClock } from '@polymancer/core';
import { createAuditStore, migrateDatabase, openDatabase, type DatabaseHandle } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

const repoRoot = new URL('../../..', import.meta.url).pathname;

/** A database reachable by a separate `polymancer` process: a PGlite folder, or a Postgres database. */
interface Target {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

async function makeTarget(engine: 'pglite' | 'postgres', options: { migrate?: boolean } = {}): Promise<Target> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'pm-audit-'));
    return {
      env: { POLYMANCER_DATA_DIR: dir },
      open: () => openDatabase({ dataDir: dir }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const t: TestDatabase = await createTestDatabase('postgres', { migrate: options.migrate ?? false });
  await t.handle.close();
  return {
    env: { DATABASE_URL: t.url! },
    open: () => openDatabase({ databaseUrl: t.url }),
    dispose: () => t.dispose().catch(() => {}),
  };
}

function auditVerify(env: Record<string, string>) {
  const run = spawnSync(join(repoRoot, 'polymancer'), ['audit', 'verify'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', POLYMANCER_DATA_DIR: '', ...env },
    encoding: 'utf8',
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

async function writeChain(target: Target, count: number): Promise<string[]> {
  const db = await target.open();
  await migrateDatabase(db);
  const clock = new ManualClock(Date.UTC(2026, 10, 1));
  const log = createAuditLog({ store: createAuditStore(db.db), clock });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    clock.advance(1000);
    ids.push((await log.record({ actorId: 'usr_x', actorType: 'user', action: 'test.event', details: { i } })).id);
  }
  await db.close();
  return ids;
}

/** Tampering needs the append-only trigger off, as an attacker with table ownership would do. */
async function tamper(target: Target, statement: ReturnType<typeof sql>): Promise<void> {
  const db = await target.open();
  await db.db.execute(sql`alter table audit_events disable trigger user`);
  await db.db.execute(statement);
  await db.db.execute(sql`alter table audit_events enable trigger user`);
  await db.close();
}

for (const engine of testEngines()) {
  describe(`polymancer audit verify on ${engine}`, () => {
    let target: Target | undefined;
    afterEach(async () => {
      await target?.dispose();
      target = undefined;
    });

    test('on an unmigrated database says to run migrate or start first, not a raw query', async () => {
      target = await makeTarget(engine, { migrate: false });
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('run `polymancer migrate` or `polymancer start` first');
      expect(r.out.toLowerCase()).not.toContain('select');
    });

    test('passes an intact chain', async () => {
      target = await makeTarget(engine);
      await writeChain(target, 5);
      const r = auditVerify(target.env);
      expect(r.out).toContain('audit chain intact: 5 events');
      expect(r.code).toBe(0);
    });

    test('catches an edited row and names it', async () => {
      target = await makeTarget(engine);
      const ids = await writeChain(target, 5);
      await tamper(target, sql`update audit_events set details = '{"i": 99}'::jsonb where seq = 3`);
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`seq 3 (id ${ids[2]})`);
      expect(r.out).toContain('edited');
    });

    test('catches a deleted row and names the row after the gap', async () => {
      target = await makeTarget(engine);
      const ids = await writeChain(target, 5);
      await tamper(target, sql`delete from audit_events where seq = 2`);
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`seq 3 (id ${ids[2]})`);
    });

    test('catches a deleted row even when later rows were renumbered to hide the gap', async () => {
      target = await makeTarget(engine);
      const ids = await writeChain(target, 5);
      await tamper(target, sql`delete from audit_events where seq = 2`);
      await tamper(target, sql`update audit_events set seq = seq - 1 where seq > 2`);
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`(id ${ids[2]})`);
    });

    test('catches two rows swapped in order', async () => {
      target = await makeTarget(engine);
      const ids = await writeChain(target, 5);
      await tamper(target, sql`update audit_events set seq = -2 where seq = 2`);
      await tamper(target, sql`update audit_events set seq = 2 where seq = 4`);
      await tamper(target, sql`update audit_events set seq = 4 where seq = -2`);
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`seq 2 (id ${ids[3]})`);
    });
  });
}
