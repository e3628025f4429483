/**
 * An exchange that takes longer than LIVE_EXCHANGE_TIMEOUT_MS to answer a post no longer holds the
 * tick: the post gives up at its deadline, the order is recorded `outcome_unknown` (never posted
 * again), the API-error breaker counts a call with no answer, and reconciliation — once the exchange
 * has matched the order it got late — settles it by asking, with its risk reservation. Against the
 * local exchange over HTTP with injected latency (`/_sim/faults`), set right after the order is
 * committed so only the post is slow.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { reconcileLiveOrders, runTick } from '@polymancer/bots';
import { createAuditStore, createBreakerStore, createRiskLedgerStore, schema } from '@polymancer/db';
import { createPolymarketLiveVenue } from '@polymancer/polymarket';
import { createBreakers, createLiveRisk } from '@polymancer/safety';
import { and, eq, gte } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

const TIMEOUT_MS = 200;
const LATENCY_MS = 1_500;

for (const engine of testEngines()) {
  describe(`a post the exchange answers too late (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[3]!;
    const botAddress = privateKeyToAccount(botKey).address;

    beforeAll(async () => {
      h = await startLive(engine);
      await fundedEoa(h, 'usr_slow', botKey, '1000000000', 'cred_slow');
    }, 60_000); // starts a local exchange (and a database): slow on a loaded machine
    afterAll(async () => {
      await admin(h.sim, '/_sim/faults', {}, 'DELETE');
      await h.stop();
    }, 60_000);

    test('gives up at the deadline: outcome unknown, a failed call for the breaker; reconciliation settles the late match and the reservation', async () => {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_slow', m.conditionId, [m.yes]);
      const risk = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
      const breakers = createBreakers({ store: createBreakerStore(h.db), audit: createAuditLog({ store: createAuditStore(h.db), clock: h.clock }), clock: h.clock });
      const venue = createPolymarketLiveVenue({ clobUrl: h.sim.url, timeoutMs: TIMEOUT_MS });
      // The exchange's own record of the match, whenever the late post gets there.
      const exchange = h.sim.exchange;
      const previous = exchange.events.onTrade;
      const matchedAtExchange = new Promise<void>((resolve) => {
        exchange.events.onTrade = (trade) => {
          previous?.(trade);
          if (trade.takerOwnerAddress.toLowerCase() === botAddress.toLowerCase()) resolve();
        };
      });
      const slowAfterCommit = async (point: string) => {
        if (point === 'after_submitting') await admin(h.sim, '/_sim/faults', { latencyMs: LATENCY_MS });
      };
      const since = h.clock.now();
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });

      const startedMs = performance.now();
      const r = await runTick(h.deps({ risk, breakers, venue, faultHook: slowAfterCommit, notFoundGraceMs: 60_000 }), { botId, tickKey: 't1' }, h.clock.now());
      // The tick came back at the deadline, long before the exchange answered.
      expect(performance.now() - startedMs).toBeLessThan(LATENCY_MS);
      await admin(h.sim, '/_sim/faults', {}, 'DELETE');
      expect(r).toMatchObject({ status: 'completed', liveOrder: { status: 'outcome_unknown' } });
      const [order] = await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
      expect(order).toMatchObject({ status: 'outcome_unknown', postAttempts: 1 });
      expect(order!.rejectionReason).toBe(`no answer from the exchange within ${TIMEOUT_MS} ms`);
      // One post only, counted as a call with no answer (status null): the API-error breaker sees it.
      const calls = await h.db.select().from(schema.liveHealthEvents).where(and(eq(schema.liveHealthEvents.kind, 'exchange_call'), gte(schema.liveHealthEvents.at, since)));
      expect(calls.map((c) => ({ ok: c.ok, status: c.status, code: c.code }))).toEqual([{ ok: false, status: null, code: 'no_answer' }]);
      const [reservation] = await h.db.select().from(schema.liveRiskReservations).where(eq(schema.liveRiskReservations.id, order!.id));
      expect(reservation?.settledAt).toBeNull();

      // The exchange got the order late and matched it; reconciliation learns that by asking.
      await matchedAtExchange;
      if (previous === undefined) delete exchange.events.onTrade;
      else exchange.events.onTrade = previous;
      const deps = h.deps({ risk, breakers, venue });
      expect(await reconcileLiveOrders({ store: deps.store, clock: h.clock, marketData: deps.marketData }, deps.live, h.clock.now())).toMatchObject({ matched: 1 });
      const [settled] = await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
      expect(settled).toMatchObject({ status: 'matched', settledBy: 'reconciliation', postAttempts: 1 });
      expect((await h.db.select().from(schema.liveRiskReservations).where(eq(schema.liveRiskReservations.id, order!.id)))[0]?.settledAt).not.toBeNull();
      const [day] = await h.db.select().from(schema.liveRiskBotDays).where(eq(schema.liveRiskBotDays.botId, botId));
      expect(day).toMatchObject({ inFlightWorstMicros: 0 });
    });
  });
}
