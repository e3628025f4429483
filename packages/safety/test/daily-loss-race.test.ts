/**
 * The live daily loss limit and the first-live-month volume cap, admitted atomically: many concurrent
 * admissions on a real PostgreSQL server, coordinated on `pg_locks` (a blocker holds the user's day
 * row until every admission is queued behind it), never on sleeps. PGlite runs one transaction at a
 * time, so it cannot show the race; it runs the sequential rules instead.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ManualClock, utcDayOf } from '@polymancer/core';
import { createRiskLedgerStore, schema } from '@polymancer/db';
import { type AdmissionResult, createLiveRisk } from '@polymancer/safety';
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/databases.ts';
import { addBot, addUser } from './helpers.ts';

const clock = new ManualClock(Date.UTC(2026, 5, 10, 12));
const DOLLAR = 1_000_000;

describe('live risk admission (pglite: the rules in sequence)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(testEngines()[0]!);
  });
  afterAll(async () => {
    await t.dispose();
  });
  const risk = (rolloutStartedAt: Date | null = null) => createLiveRisk({ ledger: createRiskLedgerStore(t.handle.db), clock, rolloutStartedAt });
  const order = (botId: string, userId: string, tradeSizeMicros: number, dailyLossLimitMicros: number | null = null) => ({ botId, userId, side: 'BUY' as const, tradeSizeMicros, dailyLossLimitMicros, observedLossMicros: 0 });

  test('the rollout cap trips before anything is reserved', async () => {
    const userId = await addUser(t.handle.db);
    const botId = await addBot(t.handle.db, clock, userId, 'live');
    const started = new Date(clock.now().getTime() - 3 * 86_400_000);
    expect(await risk(started).admit(order(botId, userId, DOLLAR + 1))).toMatchObject({ ok: false, code: 'rollout_trade_cap_exceeded' });
    expect(await risk(started).admit(order(botId, userId, DOLLAR))).toMatchObject({ ok: true });
  });

  test("a new live user's volume stops at $100 a day; an unfilled order gives its volume back; settling twice changes nothing", async () => {
    const userId = await addUser(t.handle.db);
    const botId = await addBot(t.handle.db, clock, userId, 'live');
    const r = risk();
    const first = (await r.admit(order(botId, userId, 60 * DOLLAR))) as Extract<AdmissionResult, { ok: true }>;
    expect(first.ok).toBe(true);
    expect(await r.admit(order(botId, userId, 40 * DOLLAR + 1))).toMatchObject({ ok: false, code: 'new_live_user_daily_volume_cap_exceeded' });
    expect(await r.settle(first.reservationId, { filled: false, lossMicros: 0 })).toBe(true);
    expect(await r.settle(first.reservationId, { filled: false, lossMicros: 0 })).toBe(false);
    expect(await r.admit(order(botId, userId, 100 * DOLLAR))).toMatchObject({ ok: true });
  });

  test("a sell passes the rollout cap and a new live user's volume cap (it only reduces exposure); its volume still counts for the day", async () => {
    const userId = await addUser(t.handle.db);
    const botId = await addBot(t.handle.db, clock, userId, 'live');
    const inWeek1 = risk(new Date(clock.now().getTime() - 3 * 86_400_000));
    const sell = (tradeSizeMicros: number) => ({ ...order(botId, userId, tradeSizeMicros), side: 'SELL' as const });
    expect(await inWeek1.admit(sell(60 * DOLLAR))).toMatchObject({ ok: true });
    expect(await inWeek1.admit(sell(60 * DOLLAR))).toMatchObject({ ok: true });
    const [day] = await t.handle.db.select().from(schema.liveRiskUserDays).where(eq(schema.liveRiskUserDays.userId, userId));
    expect(day!.volumeMicros).toBe(120 * DOLLAR);
    // A BUY is still held to both caps, and the sells' volume counts against it.
    expect(await inWeek1.admit(order(botId, userId, DOLLAR))).toMatchObject({ ok: false, code: 'new_live_user_daily_volume_cap_exceeded' });
    expect(await inWeek1.admit(order(botId, userId, 2 * DOLLAR))).toMatchObject({ ok: false, code: 'rollout_trade_cap_exceeded' });
  });

  test('after 30 days live the volume cap no longer applies', async () => {
    const userId = await addUser(t.handle.db);
    const paperId = await addBot(t.handle.db, clock, userId, 'paper');
    const botId = await addBot(t.handle.db, clock, userId, 'live');
    await t.handle.db.insert(schema.liveActivations).values({ id: `act_${botId}`, paperBotId: paperId, liveBotId: botId, userId, activatedAt: new Date(clock.now().getTime() - 30 * 86_400_000) });
    expect(await risk().admit(order(botId, userId, 500 * DOLLAR))).toMatchObject({ ok: true });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('daily loss race on postgres', () => {
  let t: TestDatabase;
  let sql: postgres.Sql;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    // The blocker and the pg_locks probe get their own connections: the pool's are all queued behind the blocker.
    sql = postgres(t.url as string, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end({ timeout: 5 });
    await t.dispose();
  });

  /** Holds the user's day row until `release()`, then runs `n` admissions at once behind it; answers once all settle. */
  async function raceBehindBlocker(userId: string, admissions: Array<() => Promise<AdmissionResult>>, minQueued: number): Promise<AdmissionResult[]> {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const blocker = sql.begin(async (tx) => {
      await tx`select 1 from live_risk_user_days where user_id = ${userId} and utc_day = ${utcDayOf(clock.now())} for update`;
      locked();
      await released;
    });
    await holding;
    const all = Promise.all(admissions.map((a) => a()));
    // Every admission that got a connection is queued on the row lock: none has decided yet.
    for (;;) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_locks where not granted`;
      if ((row?.n ?? 0) >= minQueued) break;
    }
    release();
    await blocker;
    return all;
  }

  async function seedDay(userId: string, botId: string, lossMicros: number) {
    const utcDay = utcDayOf(clock.now());
    await t.handle.db.insert(schema.liveRiskUserDays).values({ userId, utcDay });
    await t.handle.db.insert(schema.liveRiskBotDays).values({ botId, utcDay, lossMicros });
  }

  const risk = () => createLiveRisk({ ledger: createRiskLedgerStore(t.handle.db), clock, rolloutStartedAt: null });
  const buy = (botId: string, userId: string, tradeSizeMicros: number, limit: number) => () =>
    risk().admit({ botId, userId, side: 'BUY', tradeSizeMicros, dailyLossLimitMicros: limit, observedLossMicros: 0 });

  test('16 concurrent $1 buys against a $5 limit: exactly 5 admitted; even if all lose, the loss is the limit', async () => {
    const userId = await addUser(t.handle.db);
    const botId = await addBot(t.handle.db, clock, userId, 'live');
    await seedDay(userId, botId, 0);
    const results = await raceBehindBlocker(userId, Array.from({ length: 16 }, () => buy(botId, userId, DOLLAR, 5 * DOLLAR)), 5);
    const admitted = results.filter((r): r is Extract<AdmissionResult, { ok: true }> => r.ok);
    expect(admitted).toHaveLength(5);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'daily_loss_limit_reached')).toBe(true);
    // Every admitted order fills and loses everything, settled one by one as the live path would.
    let loss = 0;
    for (const a of admitted) {
      loss += DOLLAR;
      expect(await risk().settle(a.reservationId, { filled: true, lossMicros: loss })).toBe(true);
    }
    const [day] = await t.handle.db.select().from(schema.liveRiskBotDays).where(and(eq(schema.liveRiskBotDays.botId, botId)));
    expect(day).toMatchObject({ lossMicros: 5 * DOLLAR, inFlightWorstMicros: 0, volumeMicros: 5 * DOLLAR });
    expect(await buy(botId, userId, DOLLAR, 5 * DOLLAR)()).toMatchObject({ ok: false, code: 'daily_loss_limit_reached' });
  });

  test('$4.50 already lost of a $5 limit, 12 concurrent $1 buys: one is admitted, so the loss can pass the limit by at most that one trade', async () => {
    const userId = await addUser(t.handle.db);
    const botId = await addBot(t.handle.db, clock, userId, 'live');
    await seedDay(userId, botId, 4_500_000);
    const results = await raceBehindBlocker(userId, Array.from({ length: 12 }, () => buy(botId, userId, DOLLAR, 5 * DOLLAR)), 5);
    const admitted = results.filter((r): r is Extract<AdmissionResult, { ok: true }> => r.ok);
    expect(admitted).toHaveLength(1);
    await risk().settle(admitted[0]!.reservationId, { filled: true, lossMicros: 5_500_000 });
    const [day] = await t.handle.db.select().from(schema.liveRiskBotDays).where(eq(schema.liveRiskBotDays.botId, botId));
    expect(day!.lossMicros).toBeLessThanOrEqual(5 * DOLLAR + DOLLAR);
  });

  test("two live bots of a new user race 14 concurrent $10 buys: the user's day admits exactly $100", async () => {
    const userId = await addUser(t.handle.db);
    const a = await addBot(t.handle.db, clock, userId, 'live');
    const b = await addBot(t.handle.db, clock, userId, 'live');
    await seedDay(userId, a, 0);
    const results = await raceBehindBlocker(userId, Array.from({ length: 14 }, (_, i) => buy(i % 2 === 0 ? a : b, userId, 10 * DOLLAR, 1_000 * DOLLAR)), 5);
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'new_live_user_daily_volume_cap_exceeded')).toBe(true);
    const [userDay] = await t.handle.db.select().from(schema.liveRiskUserDays).where(eq(schema.liveRiskUserDays.userId, userId));
    expect(userDay!.volumeMicros).toBe(100 * DOLLAR);
  });
});
