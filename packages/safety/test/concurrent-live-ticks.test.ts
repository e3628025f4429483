/**
 * Many live ticks at once on real PostgreSQL (issue 20: admission is atomic — concurrent ticks can never
 * both pass a limit): eight bots of one user in their first live month buy $20 each at the same moment
 * through the whole live tick against the local exchange over HTTP. The user's $100 day admits exactly
 * five; the other three are refused before anything is signed, and the exchange saw exactly five orders.
 * PGlite runs one transaction at a time, so it cannot show the race.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { runTick } from '@polymancer/bots';
import { createRiskLedgerStore, schema } from '@polymancer/db';
import { createLiveRisk } from '@polymancer/safety';
import { eq, inArray } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { fundedEoa, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

const BOTS = 8;

describe.if(process.env.TEST_DATABASE_URL !== undefined)('concurrent live ticks on PostgreSQL', () => {
  let h: LiveHarness;
  const key = TEST_KEYS[1]!;
  const address = privateKeyToAccount(key).address;

  beforeAll(async () => {
    h = await startLive('postgres');
    await fundedEoa(h, 'usr_race', key, '1000000000', 'cred_race');
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  test("eight bots buying $20 at once: a new live user's $100 day admits exactly five, the exchange sees five orders", async () => {
    const m = await market(h.sim, 'binary');
    await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 5_000);
    const bots: string[] = [];
    for (let i = 0; i < BOTS; i++) bots.push(await liveBot(h, 'usr_race', m.conditionId, [m.yes], 100_000_000));
    // The user went live yesterday: their first live month caps the day's volume at $100.
    const paper = await h.bots.create('usr_race', { name: 'paper', markets: [{ conditionId: m.conditionId, tokenIds: [m.yes] }], strategy: { kind: 'mean-reversion', params: {} } });
    await h.db.insert(schema.liveActivations).values({ id: 'act_race', userId: 'usr_race', paperBotId: paper.id, liveBotId: bots[0]!, activatedAt: new Date(h.clock.now().getTime() - 86_400_000) });
    const before = await simWallet(h.sim, address);
    for (let i = 0; i < BOTS; i++) h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 19_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'race' });
    const risk = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });

    const results = await Promise.all(bots.map((botId, i) => runTick(h.deps({ risk }), { botId, tickKey: `race-${i}` }, h.clock.now())));

    const matched = results.filter((r) => 'liveOrder' in r && r.liveOrder?.status === 'matched');
    expect(matched).toHaveLength(5);
    const orders = await h.db.select().from(schema.liveOrders).where(inArray(schema.liveOrders.botId, bots));
    expect(orders.map((o) => o.status)).toEqual(Array(5).fill('matched'));
    const refused = await h.db.select().from(schema.tradeLogs).where(inArray(schema.tradeLogs.botId, bots));
    expect(refused.filter((t) => t.status === 'rejected').map((t) => t.rejectionCode)).toEqual(Array(3).fill('new_live_user_daily_volume_cap_exceeded'));
    // The exchange debited five buys, nothing more.
    const after = await simWallet(h.sim, address);
    const spent = Number(before.collateral) - Number(after.collateral);
    expect(spent).toBeGreaterThan(5 * 19_000_000);
    expect(spent).toBeLessThanOrEqual(100_000_000);
    const [day] = await h.db.select().from(schema.liveRiskUserDays).where(eq(schema.liveRiskUserDays.userId, 'usr_race'));
    expect(day!.volumeMicros).toBeLessThanOrEqual(100_000_000);
  }, 120_000);
});
