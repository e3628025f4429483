/**
 * "Close all positions" of a live bot whose sale's answer was lost (the exchange matched it; the connection
 * dropped): the run is reported `partial` with the sale's outcome unknown; reconciliation asks the exchange
 * and records the sale; the worker's `liquidation.recover` pass then rewrites the run as `completed` with the
 * sale, audits `bot.liquidation.settled`, and tells the owner the final results. Local exchange over HTTP.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { createLiquidator, reconcileLiveOrders, runTick } from '@polymancer/bots';
import { createAuditStore, createEmergencyStore, createLiquidationStore, createNotificationStore, createTickStore, schema } from '@polymancer/db';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createPolymarketMarketData } from '@polymancer/polymarket';
import { createEmergency } from '@polymancer/safety';
import { OrderType, Side } from '@polymarket/clob-client-v2';
import { and, eq } from 'drizzle-orm';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

describe('a liquidation sale settled after its run (pglite, local exchange over HTTP)', () => {
  let h: LiveHarness;
  const botKey = TEST_KEYS[1]!;

  beforeAll(async () => {
    h = await startLive('pglite');
    await fundedEoa(h, 'usr_settled', botKey, '1000000000', 'cred_settled');
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  }, 60_000);

  test('reported unknown, settled by reconciliation, rewritten as completed; the owner is told the final results; audited', async () => {
    const m = await market(h.sim, 'binary');
    await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
    const botId = await liveBot(h, 'usr_settled', m.conditionId, [m.yes]);
    h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });
    expect(await runTick(h.deps(), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
    const bidder = await trader(h.sim, TEST_KEYS[3]!);
    await admin(h.sim, `/_sim/wallets/${bidder.address}`, { collateral: '1000000000', tokens: {} });
    expect((await bidder.client.createAndPostOrder({ tokenID: m.yes, price: 0.45, size: 50, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC)).success).toBe(true);

    const marketData = createPolymarketMarketData({ clobUrl: h.sim.url, gammaUrl: `${h.sim.url}/gamma`, synthetic: true });
    const live = h.deps().live;
    // The exchange matches the sale; its answer never arrives.
    const lostAnswer = { ...live, venue: { ...live.venue, post: async (...args: Parameters<typeof live.venue.post>) => { await live.venue.post(...args); return { kind: 'unknown' as const, reason: 'connection dropped (test)', httpStatus: null }; } } };
    const emergency = (liveDeps = live) =>
      createEmergency({
        store: createEmergencyStore(h.db),
        audit: createAuditLog({ store: createAuditStore(h.db), clock: h.clock }),
        clock: h.clock,
        notifier: notifierFor(createNotificationService({ store: createNotificationStore(h.db), clock: h.clock, messageIdDomain: 'polymancer.test' })),
        liquidator: createLiquidator({ store: createTickStore(h.db, h.clock), liquidations: createLiquidationStore(h.db), marketData, clock: h.clock, live: liveDeps }),
      });

    const run = await emergency(lostAnswer).closeAllPositions({ kind: 'user', userId: 'usr_settled' }, botId, 'get out');
    expect(run).toMatchObject({ status: 'partial', proceedsMicros: 0 });
    expect(run.results[0]).toMatchObject({ status: 'not_sold', code: 'live_order_outcome_unknown' });
    expect(await emergency().recoverInterruptedLiquidations()).toEqual({ interrupted: 0, settled: 0 });

    expect((await reconcileLiveOrders({ store: createTickStore(h.db, h.clock), clock: h.clock, marketData }, live, h.clock.now())).matched).toBe(1);
    expect(await emergency().recoverInterruptedLiquidations()).toEqual({ interrupted: 0, settled: 1 });
    const [stored] = await createLiquidationStore(h.db).listForBot(botId, 1);
    expect(stored).toMatchObject({ id: run.id, status: 'completed' });
    expect(stored!.results[0]).toMatchObject({ status: 'sold', soldSharesMicros: 20_000_000, remainingSharesMicros: 0 });
    expect(stored!.proceedsMicros).toBeGreaterThan(8_000_000);

    const notes = (await h.db.select().from(schema.notifications).where(eq(schema.notifications.userId, 'usr_settled'))).filter((n) => n.kind === 'bot.liquidated');
    expect(notes.map((n) => n.title).sort()).toEqual(["A bot's positions were closed", "A bot's positions were partly closed"]);
    expect(notes.find((n) => n.title === "A bot's positions were closed")!.body).toContain('sold 20.00 shares');
    const settled = await h.db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, 'bot.liquidation.settled'), eq(schema.auditEvents.subjectId, botId)));
    expect(settled).toHaveLength(1);
    // Once: nothing left to settle.
    expect(await emergency().recoverInterruptedLiquidations()).toEqual({ interrupted: 0, settled: 0 });
  }, 120_000);
});
