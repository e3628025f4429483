/**
 * The tick store under concurrency, on a real PostgreSQL server (PGlite runs one transaction at a
 * time, so it cannot show the race): a tick that waited for another tick of the same bot must see
 * everything that tick committed — balance AND positions — before its guards judge the account.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLinker, createAuditLog } from '@polymancer/audit';
import { createBotService, type StoredPosition, type TickBotState } from '@polymancer/bots';
import { ManualClock } from '@polymancer/core';
import { AUDIT_CHAIN_LOCK_ID, createAuditStore, createBotStore, createTickStore, schema } from '@polymancer/db';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';

const CONDITION = `0x${'c3'.repeat(32)}`;
const YES = '1001';

describe.skipIf(!process.env.TEST_DATABASE_URL)('tick store on postgres', () => {
  let t: TestDatabase;
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await t.dispose();
  });

  test('a tick that waited for another tick of the same bot sees that tick’s balance and positions', async () => {
    const db = t.handle.db;
    await db.insert(schema.users).values({ id: 'usr_c', name: 'c', email: 'c@example.test' });
    const service = createBotService({ store: createBotStore(db), audit: createAuditLog({ store: createAuditStore(db), clock }), clock, llmAvailable: false });
    const created = await service.create('usr_c', { name: 'c', markets: [{ conditionId: CONDITION, tokenIds: [YES] }], strategy: { kind: 'momentum', params: {} } });
    const bot = await service.resume('usr_c', created.id);
    const store = createTickStore(db, clock);
    const now = clock.now();

    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let firstHoldsLock!: () => void;
    const firstHoldsLockNow = new Promise<void>((r) => (firstHoldsLock = r));
    const position: StoredPosition = {
      tokenId: YES,
      conditionId: CONDITION,
      outcome: 'Yes',
      sharesMicros: 5_000_000,
      costBasisMicros: 2_500_000,
      realizedPnlMicros: 0,
      feesPaidMicros: 50_000,
      markPriceMicros: 500_000,
      settledAt: null,
      settlementPriceMicros: null,
    };
    const first = store.transact(bot.id, 'slot-1', now, async (tx) => {
      firstHoldsLock();
      await released;
      await tx.savePositions([position], now);
      await tx.updateBot({
        paperBalanceMicros: bot.paperBalanceMicros - 2_550_000,
        midpointHistory: {},
        daily: { utcDay: '2026-03-01', openingEquityMicros: bot.paperBalanceMicros, realizedMicros: 0 },
        firstPaperTradeAt: now,
        lastTickAt: now,
      });
    });
    await firstHoldsLockNow;
    const second = store.transact(bot.id, 'slot-2', now, async (tx): Promise<TickBotState> => tx.state);
    // Let the first tick commit only once the second is queued on the bot's row lock.
    const handle = t.handle;
    if (handle.kind !== 'postgres') throw new Error('expected postgres');
    for (;;) {
      const [row] = await handle.sql<{ n: number }[]>`select count(*)::int as n from pg_locks where not granted`;
      if ((row?.n ?? 0) > 0) break;
    }
    release();
    expect((await first).applied).toBe(true);
    const seen = await second;
    if (!seen.applied) throw new Error('the second tick did not run');
    expect(seen.value.bot.paperBalanceMicros).toBe(bot.paperBalanceMicros - 2_550_000);
    expect(seen.value.positions.map((p) => [p.tokenId, p.sharesMicros])).toEqual([[YES, 5_000_000]]);
  });

  test('a tick that audits commits while another connection holds the chain lock; the linker links its events once the lock is free', async () => {
    const db = t.handle.db;
    const handle = t.handle;
    if (handle.kind !== 'postgres') throw new Error('expected postgres');
    await db.insert(schema.users).values({ id: 'usr_l', name: 'l', email: 'l@example.test' });
    const auditStore = createAuditStore(db);
    const service = createBotService({ store: createBotStore(db), audit: createAuditLog({ store: auditStore, clock }), clock, llmAvailable: false });
    const bot = await service.create('usr_l', { name: 'l', markets: [{ conditionId: CONDITION, tokenIds: [YES] }], strategy: { kind: 'momentum', params: {} } });
    const linker = createAuditLinker({ store: auditStore });
    const store = createTickStore(db, clock, { auditLinker: linker });

    // Another connection holds the chain's lock (as a linker or a linked append would) until released.
    const holder = await handle.sql.reserve();
    await holder`select pg_advisory_lock(${AUDIT_CHAIN_LOCK_ID})`;
    try {
      // Before: the tick took the chain lock inside its transaction and waited here for good.
      const ran = await store.transact(bot.id, 'audited-1', clock.now(), async (tx) => {
        await tx.audit({ actorId: null, actorType: 'system', action: 'bot.test_event', subjectType: 'bot', subjectId: bot.id, details: { n: 1 } });
      });
      expect(ran.applied).toBe(true);
      expect(await auditStore.countUnlinked()).toBe(1);
    } finally {
      await holder`select pg_advisory_unlock(${AUDIT_CHAIN_LOCK_ID})`;
      holder.release();
    }
    await linker.settled();
    await linker.linkAll();
    const verified = await createAuditLog({ store: auditStore, clock }).verify();
    expect(verified).toMatchObject({ ok: true, unlinked: 0 });
    const actions = await db.select({ action: schema.auditEvents.action, seq: schema.auditEvents.seq }).from(schema.auditEvents).orderBy(schema.auditEvents.seq);
    expect(actions.at(-1)).toEqual({ action: 'bot.test_event', seq: actions.length });
  });
});
