/**
 * The unlock stores' concurrency guarantees: a bot's unlock transition is stored once however many
 * observers race (compare-and-set on its version), and quiz attempts are decided one at a time per
 * user (a row lock), so two submissions at once cannot both use the last attempt. The lock test
 * runs on a real PostgreSQL server, coordinated on `pg_locks` (PGlite runs one transaction at a time).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createStepsStore, createUnlockStore, schema } from '@polymancer/db';
import type { QuizAttemptRecord } from '@polymancer/unlock';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

const at = new Date('2026-03-02T10:00:00Z');

for (const engine of testEngines()) {
  describe(`unlock state compare-and-set on ${engine}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await t.handle.db.insert(schema.users).values({ id: 'usr_cas', name: 'c', email: 'cas@example.test' });
      await t.handle.db.insert(schema.bots).values({ id: 'bot_cas', userId: 'usr_cas', name: 'b' });
    });
    afterAll(() => t.dispose());

    test('two observers taking the same transition: the first stores it, the second is told it lost', async () => {
      const store = createUnlockStore(t.handle.db);
      const bot = { id: 'bot_cas', userId: 'usr_cas', name: 'b', type: 'paper' as const, status: 'paused' as const, sourceBotId: null };
      const cooling = { state: 'cooling_off' as const, coolingOffStartedAt: at, unlockedAt: null };
      expect(await store.saveUnlockState(bot, 0, cooling, at)).toBe(true);
      expect(await store.saveUnlockState(bot, 0, { ...cooling, coolingOffStartedAt: new Date(at.getTime() + 1) }, at)).toBe(false);
      const unlocked = { state: 'unlocked' as const, coolingOffStartedAt: at, unlockedAt: new Date(at.getTime() + 86_400_000) };
      expect(await store.saveUnlockState(bot, 1, unlocked, at)).toBe(true);
      expect(await store.saveUnlockState(bot, 1, unlocked, at)).toBe(false);
      expect(await store.unlockState('bot_cas')).toEqual({ ...unlocked, version: 2 });
      const [row] = await t.handle.db.select({ u: schema.bots.isUnlockedForLive, at: schema.bots.unlockedAt }).from(schema.bots);
      expect(row).toEqual({ u: true, at: unlocked.unlockedAt });
    });
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('quiz attempts on postgres', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await t.handle.db.insert(schema.users).values({ id: 'usr_quiz', name: 'q', email: 'quiz@example.test' });
    await t.handle.db.insert(schema.userUnlockSteps).values({ userId: 'usr_quiz', updatedAt: at });
  });
  afterAll(() => t.dispose());

  test('two submissions at once are decided one after the other: the second sees the first', async () => {
    const handle = t.handle;
    if (handle.kind !== 'postgres') throw new Error('expected postgres');
    const steps = createStepsStore(handle.db);
    const attempt = (id: string): QuizAttemptRecord => ({ id, userId: 'usr_quiz', quizVersion: 'v', answers: {}, score: 0, passMark: 5, passed: false, createdAt: at });
    // One failed attempt allowed: whoever decides second must see the first's and be refused.
    const submit = (id: string) =>
      steps.recordQuizAttempt('usr_quiz', (history) => (history.failedAt.length === 0 ? { record: attempt(id), result: 'recorded' } : { record: null, result: 'refused' }));

    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const blocker = handle.sql.begin(async (sql) => {
      await sql`select 1 from user_unlock_steps where user_id = 'usr_quiz' for update`;
      holding();
      await released;
    });
    await held;
    const both = Promise.all([submit('qza_a'), submit('qza_b')]);
    for (;;) {
      const [row] = await handle.sql<{ n: number }[]>`select count(*)::int as n from pg_locks where not granted`;
      if ((row?.n ?? 0) >= 2) break;
    }
    release();
    await blocker;
    expect((await both).sort()).toEqual(['recorded', 'refused']);
    const rows = await handle.db.select().from(schema.riskQuizAttempts);
    expect(rows).toHaveLength(1);
  });
});
