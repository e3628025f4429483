/**
 * Events written unlinked (as the bot tick writes them, so trading ticks never queue on the chain's
 * lock) and linked afterwards in batches: concurrent writers and linkers still make one verifiable
 * chain, the database lets the linker set the link columns once and nothing else, tampering with a
 * linked event is still caught, and a checkpoint signs only a linked head.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { auditEventContent, createAuditCheckpointer, createAuditLinker, createAuditLog, type AuditLog, type CheckpointSink, type SignedCheckpoint } from '@polymancer/audit';
import { ManualClock } from '@polymancer/core';
import { createAuditStore, type Database, schema, unlinkedAuditRows } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

/** Writes `n` events unlinked in one transaction, as a bot tick does with its other writes. */
async function writeUnlinked(db: Database, clock: ManualClock, n: number, label: string): Promise<void> {
  const events = Array.from({ length: n }, (_, i) => auditEventContent({ actorId: null, actorType: 'system', action: 'test.unlinked', subjectId: `${label}-${i}`, details: { label, i } }, clock.now()));
  await db.transaction(async (tx) => {
    await tx.insert(schema.auditEvents).values([...unlinkedAuditRows(events)]);
  });
}

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

const refusal = (db: Database, query: ReturnType<typeof sql>) =>
  db.execute(query).then(
    () => 'accepted',
    (e: unknown) => String((e as Error).cause ?? e),
  );

for (const engine of testEngines()) {
  describe(`audit events linked after they are written, on ${engine}`, () => {
    let t: TestDatabase;
    let db: Database;
    let log: AuditLog;
    const clock = new ManualClock(Date.UTC(2026, 10, 2));
    const store = () => createAuditStore(db);

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      db = t.handle.db;
      log = createAuditLog({ store: store(), clock });
    });
    afterAll(() => t.dispose());

    test('concurrent unlinked writers, linked appends and linkers make one verifiable chain', async () => {
      const linkers = Array.from({ length: 3 }, () => createAuditLinker({ store: store(), batchSize: 7 }));
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 30; i++) {
        work.push(writeUnlinked(db, clock, 1 + (i % 3), `w${i}`));
        if (i % 5 === 0) work.push(log.record({ actorId: `usr_${i}`, actorType: 'user', action: 'test.linked', details: { i } }));
        if (i % 4 === 0) work.push((linkers[i % 3] ?? linkers[0]!).linkAll());
      }
      await Promise.all(work);
      for (const l of linkers) l.nudge();
      await Promise.all(linkers.map((l) => l.settled()));
      await linkers[0]!.linkAll();
      const written = 60 + 6; // 1, 2, 3 unlinked events by turns from 30 writers; 6 linked appends
      expect(await log.verify()).toMatchObject({ ok: true, rows: written, unlinked: 0 });
      const seqs = await rows<{ seq: string | number }>(db, sql`select seq from audit_events order by seq`);
      expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: written }, (_, i) => i + 1));
      // Within one writer, events are linked in the order they were written.
      const w2 = await rows<{ subject_id: string }>(db, sql`select subject_id from audit_events where details->>'label' = 'w2' order by seq`);
      expect(w2.map((r) => r.subject_id)).toEqual(['w2-0', 'w2-1', 'w2-2']);
    });

    test('verify links what is waiting, and reports nothing left unlinked', async () => {
      const before = await log.verify();
      await writeUnlinked(db, clock, 4, 'late');
      expect(await store().countUnlinked()).toBe(4);
      const after = await log.verify();
      expect(after).toMatchObject({ ok: true, unlinked: 0 });
      expect(after.rows).toBe(before.rows + 4);
    });

    test('the database lets the linker set the link columns once, all together, and nothing else', async () => {
      await writeUnlinked(db, clock, 1, 'guarded');
      const [row] = await rows<{ id: string }>(db, sql`select id from audit_events where seq is null`);
      const id = row!.id;
      const h = 'a'.repeat(64);
      // Content changes, removal and half links are refused while unlinked…
      expect(await refusal(db, sql`update audit_events set action = 'x' where id = ${id}`)).toMatch(/append-only/);
      expect(await refusal(db, sql`update audit_events set seq = 999, prev_hash = ${h}, hash = ${h}, action = 'x' where id = ${id}`)).toMatch(/append-only/);
      expect(await refusal(db, sql`update audit_events set seq = 999 where id = ${id}`)).toMatch(/append-only|audit_events_linked_whole/);
      expect(await refusal(db, sql`delete from audit_events where id = ${id}`)).toMatch(/append-only/);
      expect(await refusal(db, sql`insert into audit_events (id, occurred_at, actor_type, action, details, seq) values ('audit_half', now(), 'system', 'x', '{}', 12345)`)).toMatch(/audit_events_linked_whole/);
      // …linking is accepted once, and a linked event cannot be re-linked.
      expect(await createAuditLinker({ store: store() }).linkAll()).toBe(1);
      expect(await refusal(db, sql`update audit_events set seq = seq + 1000, prev_hash = ${h}, hash = ${h} where id = ${id}`)).toMatch(/append-only/);
      expect(await log.verify()).toMatchObject({ ok: true, unlinked: 0 });
    });

    test('an event edited after it was linked is caught', async () => {
      await writeUnlinked(db, clock, 2, 'edited');
      await createAuditLinker({ store: store() }).linkAll();
      const [target] = await rows<{ seq: string | number }>(db, sql`select seq from audit_events where details->>'label' = 'edited' order by seq limit 1`);
      await db.execute(sql`alter table audit_events disable trigger user`);
      await db.execute(sql`update audit_events set details = '{"label":"forged"}'::jsonb where seq = ${Number(target!.seq)}`);
      await db.execute(sql`alter table audit_events enable trigger user`);
      expect(await log.verify()).toMatchObject({ ok: false, firstBreak: { kind: 'hash_mismatch', seq: Number(target!.seq) } });
      // Put it back so later tests start from a whole chain.
      await db.execute(sql`alter table audit_events disable trigger user`);
      await db.execute(sql`update audit_events set details = '{"label":"edited","i":0}'::jsonb where seq = ${Number(target!.seq)}`);
      await db.execute(sql`alter table audit_events enable trigger user`);
      expect(await log.verify()).toMatchObject({ ok: true });
    });

    test('a checkpoint signs a linked head: with the linker, one covering every event committed before it', async () => {
      const keys = generateKeyPairSync('ed25519');
      const published: SignedCheckpoint[] = [];
      const sink: CheckpointSink = { location: 'memory', publish: async (c) => void published.push(c), readAll: async () => published };
      const key = { ...keys, location: 'memory' };
      const head = await store().readTip();
      await writeUnlinked(db, clock, 3, 'pending');
      // Without linking, the head is still the last linked event: nothing unlinked is signed.
      expect(await createAuditCheckpointer({ store: store(), key, sink, clock }).take()).toMatchObject({ seq: head!.seq, hash: head!.hash });
      const linked = await createAuditCheckpointer({ store: store(), key, sink, clock, linker: createAuditLinker({ store: store() }) }).take();
      expect(linked?.seq).toBe(head!.seq + 3);
      expect(await store().countUnlinked()).toBe(0);
    });
  });
}
