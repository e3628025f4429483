/**
 * A live bot's tick against the local exchange over HTTP with the official client: the order is
 * committed `submitting` before it is posted, the exchange verifies and matches it, and the
 * answer — fill price and size, fees, actual slippage — is recorded once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { backfillSettlementHashes, runTick } from '../src/index.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader } from './live-harness.ts';

for (const engine of testEngines()) {
  describe(`live tick against the local exchange (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[1]!;
    const botAddress = privateKeyToAccount(botKey).address;

    beforeAll(async () => {
      h = await startLive(engine);
      await fundedEoa(h, 'usr_live', botKey, '1000000000', 'cred_eoa');
    }, 120_000); // starts a local exchange (and a database): slow on a loaded machine
    afterAll(async () => {
      await h.stop();
    });

    const ordersOf = (botId: string) => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    const tradesOf = (botId: string) => h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));

    test('a live BUY is signed, committed submitting before it is posted, matched, and recorded with the actual fill', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      await restingSell(h.sim, maker, m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_live', m.conditionId, [m.yes]);
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'test buy' });
      const before = await simWallet(h.sim, botAddress);

      let seenAtPost: string | undefined;
      const deps = h.deps({
        faultHook: async (point) => {
          if (point === 'after_submitting') seenAtPost = (await ordersOf(botId))[0]?.status;
          if (point === 'after_post') h.clock.advance(250); // the exchange took 250 ms to answer
        },
      });
      const result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', trades: 1, liveOrder: { status: 'matched' } });
      expect(seenAtPost).toBe('submitting');

      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'matched', side: 'buy', walletType: 0, exchange: 'ctf_v2', settledBy: 'post', filledSharesMicros: 20_000_000, filledNotionalMicros: 10_000_000, fillPriceMicros: 500_000, actualSlippageBps: 0, predictedSlippageBps: 0, postAttempts: 1 });
      expect(order?.orderHash).toMatch(/^0x[0-9a-f]{64}$/);
      const [trade] = await tradesOf(botId);
      expect(trade).toMatchObject({ type: 'live', status: 'executed', sharesMicros: 20_000_000, amountMicros: 10_000_000, executionPriceMicros: 500_000, orderId: order?.orderHash, tickKey: 't1', latencyMs: 250 });
      expect(trade?.transactionHash).toMatch(/^0x/);
      // The fee we recorded is the fee the exchange debited.
      const after = await simWallet(h.sim, botAddress);
      expect(Number(before.collateral) - Number(after.collateral)).toBe(10_000_000 + (trade?.feeMicros ?? 0));
      expect(trade?.feeMicros).toBe(order?.feeMicros ?? -1);
      expect(trade?.feeMicros).toBeGreaterThan(0);
      expect(after.tokens[m.yes]).toBe('20000000');
      // The ledger moved as the exchange's did.
      const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
      expect(bot?.paperBalanceMicros).toBe(100_000_000 - 10_000_000 - (trade?.feeMicros ?? 0));
      // Every key buffer handed out was wiped when its scope ended.
      expect(h.accounts.handedOut.length).toBeGreaterThan(0);
      for (const key of h.accounts.handedOut) expect(key.every((b) => b === 0)).toBe(true);
    });

    test('a FOK the book can no longer fill is refused by the exchange and recorded as rejected', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      const resting = await restingSell(h.sim, maker, m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_live', m.conditionId, [m.yes]);
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'test buy' });
      // The liquidity leaves between the decision (simulated fill) and the post.
      const deps = h.deps({ faultHook: async (point) => { if (point === 'after_submitting') await maker.client.cancelOrder({ orderID: resting }); } });
      const result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'rejected', code: 'fok_not_filled' } });
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'rejected', rejectionCode: 'fok_not_filled', settledBy: 'post' });
      const trades = await tradesOf(botId);
      expect(trades).toHaveLength(1);
      expect(trades[0]).toMatchObject({ type: 'live', status: 'rejected', rejectionCode: 'fok_not_filled', orderId: order?.orderHash });
      expect(trades[0]?.rejectionReason).toContain('FOK');
    });

    test('the book moves against the bot between decision and post by more than its 1 % price-movement allowance: the FOK is killed, though the strategy’s limit allowed the price', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      const resting = await restingSell(h.sim, maker, m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_live', m.conditionId, [m.yes]);
      // The strategy would pay up to 0.60; the book is at 0.50 when it decides, at 0.55 when the order arrives.
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'test buy' });
      const moveUp = async (point: string) => {
        if (point !== 'after_sign') return;
        await maker.client.cancelOrder({ orderID: resting });
        await restingSell(h.sim, maker, m.yes, 0.55, 500);
      };
      expect(await runTick(h.deps({ faultHook: moveUp }), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'rejected', code: 'fok_not_filled' } });
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'rejected', limitPriceMicros: 500_000 }); // 0.50 × 1.01, down to the 0.01 tick
    });

    test('a matched order whose answer carried no settlement hash gets it from the exchange’s trades afterwards, on the order and its trade', async () => {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_live', m.conditionId, [m.yes]);
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'test buy' });
      const venue = h.deps().live.venue;
      // As the official client answers when the exchange has not reported the settlement transaction in time.
      const noHashes = { ...venue, post: async (...args: Parameters<typeof venue.post>) => {
        const answer = await venue.post(...args);
        return answer.kind === 'matched' ? { ...answer, fill: { ...answer.fill, transactionHashes: [] } } : answer;
      } };
      expect(await runTick(h.deps({ venue: noHashes }), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      const [before] = await ordersOf(botId);
      expect(before?.transactionHashes ?? []).toEqual([]);
      expect((await tradesOf(botId))[0]?.transactionHash).toBeNull();

      expect(await backfillSettlementHashes(h.deps().live, h.clock.now())).toEqual({ backfilled: 1, unknown: 0 });
      const [after] = await ordersOf(botId);
      expect(after?.transactionHashes?.[0]).toMatch(/^0x[0-9a-f]{64}$/);
      expect((await tradesOf(botId))[0]?.transactionHash).toBe(after!.transactionHashes![0]!);
      expect(await backfillSettlementHashes(h.deps().live, h.clock.now())).toEqual({ backfilled: 0, unknown: 0 });
    });

    test('while an order’s outcome is unknown and the exchange cannot say, the bot places nothing; once it can, the order is settled and trading goes on', async () => {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_live', m.conditionId, [m.yes]);
      const buy = () => h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'test buy' });
      const faults = (body: unknown, method = 'POST') => admin(h.sim, '/_sim/faults', body, method);
      // From the commit on, every connection to the exchange drops (the post too): the first order's outcome is unknown.
      buy();
      const lost = await runTick(h.deps({ faultHook: async (point) => { if (point === 'after_submitting') await faults({ dropRate: 1 }); } }), { botId, tickKey: 't1' }, h.clock.now());
      try {
        expect(lost).toMatchObject({ liveOrder: { status: 'outcome_unknown' } });
        // The next tick cannot ask the exchange: it holds, and its decision is never signed nor posted.
        buy();
        h.clock.advance(60_000);
        expect(await runTick(h.deps(), { botId, tickKey: 't2' }, h.clock.now())).toMatchObject({ status: 'skipped', code: 'live_order_unreconciled' });
        expect((await ordersOf(botId)).map((o) => o.status)).toEqual(['outcome_unknown']);
      } finally {
        await faults({}, 'DELETE');
      }
      // The exchange answers again: the first order is settled by asking it (it never arrived; never re-posted), then the held decision trades.
      h.clock.advance(60_000);
      expect(await runTick(h.deps(), { botId, tickKey: 't3' }, h.clock.now())).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
      const orders = await ordersOf(botId);
      expect(orders.map((o) => [o.tickKey, o.status, o.settledBy]).sort()).toEqual([
        ['t1', 'not_found', 'reconciliation'],
        ['t3', 'matched', 'post'],
      ]);
      // An answer found by reconciliation carries no latency; one the post got does.
      expect((await tradesOf(botId)).map((t) => [t.tickKey, t.latencyMs === null ? null : 'measured'])).toEqual([['t3', 'measured']]);
      expect((await simWallet(h.sim, botAddress)).tokens[m.yes]).toBeDefined();
    });
  });
}
