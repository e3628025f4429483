/**
 * Races around the bot row, on a real PostgreSQL server with two connections coordinated on locks
 * (`pg_locks`), never on sleeps (PGlite runs one transaction at a time, so it cannot show them):
 * - a user's freeze or a bot's emergency stop — set by direct SQL — that commits before a tick's
 *   transaction can take the bot's row lock stops that tick;
 * - a settings edit never changes the bot's status (a pause made while an edit is in flight stays
 *   paused), and of two edits racing, the second is refused (optimistic concurrency).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { type Bot, createBotService, createMarketDataCache, type MarketData, type MarketInfo, paperExecution, runTick, type TickResult } from '@polymancer/bots';
import { ConflictError, createOrderBook, ManualClock, type OrderBook } from '@polymancer/core';
import { createAuditStore, createBotStore, createTickStore, schema } from '@polymancer/db';
import { builtInStrategies, type Decision, type StrategySet } from '@polymancer/strategies';
import { eq } from 'drizzle-orm';
import type postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';

const CONDITION = `0x${'d4'.repeat(32)}`;
const YES = '2001';

const market: MarketInfo = {
  conditionId: CONDITION,
  question: 'Race?',
  outcomes: [{ tokenId: YES, outcome: 'Yes' }],
  tickSizeMicros: 10_000,
  minOrderSizeMicros: 5_000_000,
  acceptingOrders: true,
  closed: false,
};
const book = (() => {
  const r = createOrderBook({ tokenId: YES, bids: [{ priceMicros: 480_000, sizeMicros: 1_000_000_000 }], asks: [{ priceMicros: 500_000, sizeMicros: 1_000_000_000 }], tickSizeMicros: 10_000, minOrderSizeMicros: 5_000_000, timestampMs: 0 });
  if (!r.ok) throw r.error;
  return r.value;
})();
const venue: MarketData = { getMarket: async () => market, getBook: async (): Promise<OrderBook> => book };

/** Buys 5 pUSD of Yes on every decision. */
const buyer: StrategySet = {
  ...builtInStrategies(),
  'mean-reversion': {
    kind: 'mean-reversion',
    decide: async (): Promise<Decision> => ({ kind: 'trade', side: 'buy', tokenId: YES, amountMicros: 5_000_000, limitPriceMicros: 990_000, reasoning: 'buy', confidencePerMille: 500 }),
  },
};

describe.skipIf(!process.env.TEST_DATABASE_URL)('bot races on postgres', () => {
  let t: TestDatabase;
  let sql: postgres.Sql;
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
  let users = 0;

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    if (t.handle.kind !== 'postgres') throw new Error('expected postgres');
    sql = t.handle.sql;
  });
  afterAll(async () => {
    await t.dispose();
  });

  const service = () => createBotService({ store: createBotStore(t.handle.db), audit: createAuditLog({ store: createAuditStore(t.handle.db), clock }), clock, llmAvailable: false });

  async function activeBot(): Promise<Bot> {
    const userId = `usr_race${++users}`;
    await t.handle.db.insert(schema.users).values({ id: userId, name: userId, email: `${userId}@example.test` });
    const bots = service();
    const bot = await bots.create(userId, { name: 'race', markets: [{ conditionId: CONDITION, tokenIds: [YES] }], strategy: { kind: 'mean-reversion' } });
    return bots.resume(userId, bot.id);
  }

  /** Waits until `n` lock requests are queued (not granted), or `settled` resolves first. */
  async function lockWaiters(n: number, settled?: Promise<unknown>): Promise<'waiting' | 'settled'> {
    let done = false;
    void settled?.then(
      () => (done = true),
      () => (done = true),
    );
    for (;;) {
      if (done) return 'settled';
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_locks where not granted`;
      if ((row?.n ?? 0) >= n) return 'waiting';
    }
  }

  /** Runs `statement` in a transaction on its own connection and keeps it open until `commit()`. */
  function openTransaction(statement: (tx: postgres.TransactionSql) => Promise<unknown>) {
    let commit!: () => void;
    const committing = new Promise<void>((r) => (commit = r));
    let ready!: () => void;
    const written = new Promise<void>((r) => (ready = r));
    const done = sql.begin(async (tx) => {
      await statement(tx);
      ready();
      await committing;
    });
    return { written, commit: async () => (commit(), await done) };
  }

  const tickDeps = () => ({ store: createTickStore(t.handle.db, clock), marketData: createMarketDataCache(venue, { clock }), strategies: buyer, execution: paperExecution, clock });
  const tradesOf = (botId: string) => t.handle.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));

  async function tickAgainst(bot: Bot, stop: (tx: postgres.TransactionSql) => Promise<unknown>): Promise<TickResult> {
    const blocker = openTransaction(stop);
    await blocker.written;
    clock.advance(60_000);
    const ticking = runTick(tickDeps(), { botId: bot.id, tickKey: `k${clock.now().getTime()}` }, clock.now());
    // The tick must wait for the uncommitted stop rather than trade past it.
    const state = await lockWaiters(1, ticking);
    await blocker.commit();
    expect(state).toBe('waiting');
    return ticking;
  }

  test("a user's freeze set by direct SQL that commits before the tick's transaction stops that tick", async () => {
    const bot = await activeBot();
    const result = await tickAgainst(bot, (tx) => tx`update users set trading_frozen = true where id = ${bot.userId}`);
    expect(result).toMatchObject({ status: 'skipped', code: 'user_frozen' });
    expect(await tradesOf(bot.id)).toEqual([]);
  });

  test("a bot's emergency stop set by direct SQL that commits before the tick's transaction stops that tick", async () => {
    const bot = await activeBot();
    const result = await tickAgainst(bot, (tx) => tx`update bots set emergency_stopped = true where id = ${bot.id}`);
    expect(result).toMatchObject({ status: 'skipped', code: 'emergency_stopped' });
    expect(await tradesOf(bot.id)).toEqual([]);
  });

  test('a tick that holds the bot row first finishes before a freeze, which then waits for it', async () => {
    const bot = await activeBot();
    clock.advance(60_000);
    // The tick is inside its transaction (row lock held) while the freeze is issued.
    let inside!: () => void;
    const tickInside = new Promise<void>((r) => (inside = r));
    let finish!: () => void;
    const finishing = new Promise<void>((r) => (finish = r));
    const store = createTickStore(t.handle.db, clock);
    const held = { ...store, transact: <T>(id: string, key: string, at: Date, work: Parameters<typeof store.transact<T>>[3]) => store.transact(id, key, at, async (tx) => (inside(), await finishing, work(tx))) };
    const ticking = runTick({ ...tickDeps(), store: held }, { botId: bot.id, tickKey: 'first' }, clock.now());
    await tickInside;
    const freezing = sql`update users set trading_frozen = true where id = ${bot.userId}`;
    expect(await lockWaiters(1, freezing)).toBe('waiting');
    finish();
    expect(await ticking).toMatchObject({ status: 'completed', trades: 1 });
    await freezing;
    clock.advance(60_000);
    expect(await runTick(tickDeps(), { botId: bot.id, tickKey: 'after' }, clock.now())).toMatchObject({ status: 'skipped', code: 'user_frozen' });
  });

  test('a pause made while a settings edit is in flight stays paused, and the edit still applies', async () => {
    const bot = await activeBot();
    const bots = service();
    const holder = openTransaction((tx) => tx`select 1 from bots where id = ${bot.id} for update`);
    await holder.written;
    const pausing = bots.pause(bot.userId, bot.id);
    expect(await lockWaiters(1, pausing)).toBe('waiting');
    // The edit reads the bot (still active), then queues behind the pause for the row.
    const editing = bots.update(bot.userId, bot.id, { name: 'renamed' });
    expect(await lockWaiters(2, editing)).toBe('waiting');
    await holder.commit();
    await pausing;
    const edited = await editing;
    expect(edited.name).toBe('renamed');
    const stored = await bots.get(bot.userId, bot.id);
    expect(stored).toMatchObject({ status: 'paused', name: 'renamed', version: bot.version + 1 });
  });

  test('of two settings edits racing, the second is refused with a conflict instead of overwriting the first', async () => {
    const bot = await activeBot();
    const bots = service();
    const holder = openTransaction((tx) => tx`select 1 from bots where id = ${bot.id} for update`);
    await holder.written;
    const first = bots.update(bot.userId, bot.id, { risk: { maxTradeSizeMicros: 7_000_000 } });
    expect(await lockWaiters(1, first)).toBe('waiting');
    const second = bots.update(bot.userId, bot.id, { risk: { maxPositionPerMarketMicros: 9_000_000 } });
    expect(await lockWaiters(2, second)).toBe('waiting');
    await holder.commit();
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes[0].status).toBe('fulfilled');
    expect(outcomes[1].status).toBe('rejected');
    expect(outcomes[1].status === 'rejected' && outcomes[1].reason).toBeInstanceOf(ConflictError);
    const stored = await bots.get(bot.userId, bot.id);
    expect(stored.risk).toMatchObject({ maxTradeSizeMicros: 7_000_000, maxPositionPerMarketMicros: null });
    expect(stored.version).toBe(bot.version + 1);
  });
});
