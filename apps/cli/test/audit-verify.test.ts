import { afterEach, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { auditEventContent, createAuditCheckpointer, createAuditLog, signCheckpoint } from '@polymancer/audit';
import { auditHash, ManualClock } from '@polymancer/core';
import { createAuditStore, migrateDatabase, openDatabase, schema, type DatabaseHandle, unlinkedAuditRows } from '@polymancer/db';
import { fileCheckpointKey, fileCheckpointSink } from '@polymancer/worker';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

const repoRoot = new URL('../../..', import.meta.url).pathname;

/** A database reachable by a separate `polymancer` process: a PGlite folder, or a Postgres database. */
interface Target {
  env: Record<string, string>;
  /** Where the checkpoint key and the published checkpoints are kept (outside the database). */
  dataDir: string;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

async function makeTarget(engine: 'pglite' | 'postgres', options: { migrate?: boolean } = {}): Promise<Target> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'pm-audit-'));
    return {
      env: { POLYMANCER_DATA_DIR: dir },
      dataDir: dir,
      open: () => openDatabase({ dataDir: dir }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const t: TestDatabase = await createTestDatabase('postgres', { migrate: options.migrate ?? false });
  await t.handle.close();
  const dir = mkdtempSync(join(tmpdir(), 'pm-audit-pg-'));
  return {
    env: { DATABASE_URL: t.url!, POLYMANCER_DATA_DIR: dir },
    dataDir: dir,
    open: () => openDatabase({ databaseUrl: t.url }),
    dispose: async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.dispose().catch(() => {});
    },
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

/** Writes `count` events; after each seq in `checkpointAt` signs and publishes a checkpoint as the worker does. */
async function writeChain(target: Target, count: number, checkpointAt: number[] = []): Promise<string[]> {
  const db = await target.open();
  await migrateDatabase(db);
  const clock = new ManualClock(Date.UTC(2026, 10, 1));
  const store = createAuditStore(db.db);
  const log = createAuditLog({ store, clock });
  const checkpointer = createAuditCheckpointer({
    store,
    key: fileCheckpointKey(join(target.dataDir, 'audit-checkpoint.key'), { create: true }),
    sink: fileCheckpointSink(join(target.dataDir, 'audit-checkpoints.jsonl')),
    clock,
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    clock.advance(1000);
    ids.push((await log.record({ actorId: 'usr_x', actorType: 'user', action: 'test.event', details: { i } })).id);
    if (checkpointAt.includes(i + 1)) await checkpointer.take();
  }
  await db.close();
  return ids;
}

/**
 * What someone with database access does to hide a deletion: triggers off, delete the row, renumber
 * every later row and recompute its link and hash with the public rule, so the chain verifies alone.
 */
async function deleteAndRecompute(target: Target, seq: number): Promise<void> {
  const db = await target.open();
  await db.db.execute(sql`alter table audit_events disable trigger user`);
  await db.db.execute(sql`delete from audit_events where seq = ${seq}`);
  const rows = await db.db.select().from(schema.auditEvents).where(sql`seq > ${seq}`).orderBy(schema.auditEvents.seq);
  const [before] = await db.db.select().from(schema.auditEvents).where(sql`seq = ${seq - 1}`);
  let prevHash = before!.hash!;
  for (const row of rows) {
    // The write order (`ticket`) is not part of the hashed content.
    const { prevHash: _p, hash: _h, ticket: _t, ...content } = row;
    const moved = { ...content, seq: row.seq! - 1 };
    const hash = auditHash(prevHash, moved);
    await db.db.execute(sql`update audit_events set seq = ${moved.seq}, prev_hash = ${prevHash}, hash = ${hash} where id = ${row.id}`);
    prevHash = hash;
  }
  await db.db.execute(sql`alter table audit_events enable trigger user`);
  await db.close();
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

    test('links the events bot ticks left unlinked, then verifies them with the rest', async () => {
      target = await makeTarget(engine);
      await writeChain(target, 3);
      const db = await target.open();
      const at = new Date(Date.UTC(2026, 10, 2));
      await db.db.insert(schema.auditEvents).values([...unlinkedAuditRows([1, 2].map((i) => auditEventContent({ actorId: null, actorType: 'system', action: 'bot.trade', details: { i } }, at)))]);
      await db.close();
      const r = auditVerify(target.env);
      expect(r.out).toContain('linked 2 events that were waiting to be linked');
      expect(r.out).toContain('audit chain intact: 5 events, tip seq 5');
      expect(r.code).toBe(0);
    });

    test('prints the signed checkpoint it checked on an intact chain', async () => {
      target = await makeTarget(engine);
      await writeChain(target, 5, [3, 5]);
      const r = auditVerify(target.env);
      expect(r.code).toBe(0);
      expect(r.out).toContain('audit chain intact: 5 events, tip seq 5');
      expect(r.out).toMatch(/checkpoint checked: checkpoint seq 5 hash [0-9a-f]{64} signed 2026-11-01T00:00:05.000Z by key [0-9a-f]{16}; 2 signed checkpoints in \S+audit-checkpoints.jsonl agree/);
    });

    test('catches a deleted row whose later hashes were recomputed (checkpoint_mismatch)', async () => {
      target = await makeTarget(engine);
      await writeChain(target, 6, [4]);
      await deleteAndRecompute(target, 2);
      // The rewrite is consistent on its own: only the checkpoint reveals it.
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('[checkpoint_mismatch]: at seq 4');
      expect(r.out).toContain('rewritten and the chain recomputed');
    });

    test('catches a recomputed chain that now ends below a checkpoint (truncated_below_checkpoint)', async () => {
      target = await makeTarget(engine);
      await writeChain(target, 5, [5]);
      await deleteAndRecompute(target, 2);
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('[truncated_below_checkpoint]: the chain ends at seq 4, below checkpoint seq 5');
    });

    test('catches the newest rows deleted (truncated_below_checkpoint)', async () => {
      target = await makeTarget(engine);
      await writeChain(target, 5, [5]);
      await tamper(target, sql`delete from audit_events where seq >= 4`);
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('[truncated_below_checkpoint]: the chain ends at seq 3, below checkpoint seq 5');
    });

    test('catches a checkpoint forged with another key or altered (bad_signature)', async () => {
      target = await makeTarget(engine);
      await writeChain(target, 4, [4]);
      const file = join(target.dataDir, 'audit-checkpoints.jsonl');
      const other = generateKeyPairSync('ed25519');
      appendFileSync(file, `${JSON.stringify(signCheckpoint({ seq: 4, hash: 'a'.repeat(64) }, new Date(), other.privateKey, other.publicKey))}\n`);
      const r = auditVerify(target.env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('[bad_signature]: checkpoint 2 in');
      expect(r.out).toContain('(seq 4) does not verify under the key at');
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
