/**
 * Each kind of fault injected at the local exchange (issue 20: errors, latency, 425, 503 modes, rate limits)
 * trips the API-error circuit breaker through real live ticks over HTTP: the fault is switched on once the
 * order is committed, so the post meets it. Four posts that fail (the policy's minimum sample here) open the
 * breaker; while it is open the next tick posts nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { runTick } from '@polymancer/bots';
import { createAuditStore, createBreakerStore, schema } from '@polymancer/db';
import { createPolymarketLiveVenue } from '@polymancer/polymarket';
import { createBreakers } from '@polymancer/safety';
import { inArray } from 'drizzle-orm';
import { testEngines } from '../../../test/databases.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

const faults: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['5xx errors', { errorRate: 1, errorStatus: 500 }],
  ['dropped connections', { dropRate: 1 }],
  ['latency past the post deadline', { latencyMs: 1_500 }],
  ['engine restarts (425)', { tradingMode: 'paused' }],
  ['cancel-only mode (503)', { tradingMode: 'cancel-only' }],
  ['post-only mode (503)', { tradingMode: 'post-only' }],
  ['rate limits (429)', { rateLimit: 1, rateLimitWindowMs: 3_600_000 }],
];

describe(`faults at the exchange trip the API-error breaker (${testEngines()[0]}, local exchange over HTTP)`, () => {
  let h: LiveHarness;

  beforeAll(async () => {
    // Each case moves the exchange's clock past the breaker window; the client stamps its headers with the wall clock.
    h = await startLive(testEngines()[0]!, { authMaxSkewSecs: 86_400 });
    await fundedEoa(h, 'usr_faults', TEST_KEYS[3]!);
  }, 120_000);
  afterAll(async () => {
    await admin(h.sim, '/_sim/faults', {}, 'DELETE');
    await h.stop();
  }, 60_000);

  for (const [name, fault] of faults) {
    test(name, async () => {
      const b = createBreakers({
        store: createBreakerStore(h.db),
        audit: createAuditLog({ store: createAuditStore(h.db), clock: h.clock }),
        clock: h.clock,
        // Only the exchange breaker: a minimum sample of 4 calls, over half failing.
        policy: { windowMs: 600_000, botFailureThresholdBps: 2_000, botFailureMinBots: 1_000_000, exchangeErrorThresholdBps: 5_000, exchangeErrorMinCalls: 4 },
      });
      for (const s of await b.status()) if (s.open) await b.resume({ operatorId: 'usr_op', via: 'api' }, s.name);
      h.clock.advance(601_000); // earlier tests' calls leave the window
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 5_000);
      const venue = createPolymarketLiveVenue({ clobUrl: h.sim.url, timeoutMs: 300 });
      const switchOn = async (point: string) => {
        if (point !== 'after_submitting') return;
        await admin(h.sim, '/_sim/faults', fault);
        // A rate limit lets the window's first request through: spend it, so the post is over the limit.
        if ('rateLimit' in fault) await fetch(`${h.sim.url}/time`);
      };
      const bots: string[] = [];
      for (let i = 0; i < 6 && (await b.openBreaker()) === undefined; i++) {
        const botId = await liveBot(h, 'usr_faults', m.conditionId, [m.yes]);
        bots.push(botId);
        h.strategy.queue.length = 0;
        h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'fault' });
        try {
          await runTick({ ...h.deps({ breakers: b, venue, maxPostAttempts: 1, faultHook: switchOn }), liveTrading: b }, { botId, tickKey: `f-${i}` }, h.clock.now());
        } finally {
          await admin(h.sim, '/_sim/faults', {}, 'DELETE');
        }
      }
      expect(await b.openBreaker()).toMatchObject({ name: 'exchange_errors' });
      // Open: the next tick posts nothing.
      const posted = (await h.db.select().from(schema.liveOrders).where(inArray(schema.liveOrders.botId, bots))).length;
      expect(posted).toBeGreaterThanOrEqual(4); // one order per tick, each posted into the fault
      const held = await liveBot(h, 'usr_faults', m.conditionId, [m.yes]);
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'held' });
      expect(await runTick({ ...h.deps({ breakers: b, venue }), liveTrading: b }, { botId: held, tickKey: 'held' }, h.clock.now())).toMatchObject({ status: 'skipped', code: 'circuit_breaker_open' });
      expect((await h.db.select().from(schema.liveOrders).where(inArray(schema.liveOrders.botId, [...bots, held]))).length).toBe(posted);
    }, 120_000);
  }
});
