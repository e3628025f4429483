/**
 * Shadow trading against the local exchange over HTTP with the official client: a shadow bot's
 * decision goes live at the market's minimum size (the exchange verifies and matches it) while the
 * full-size fill on the same book is recorded on paper beside it, the pair linked and timed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createBotQueryStore, createBotStore, createTickStore, schema } from '@polymancer/db';
import { OrderType, Side } from '@polymarket/clob-client-v2';
import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { createBotQueries, runTick } from '../src/index.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader } from './live-harness.ts';

for (const engine of testEngines()) {
  describe(`shadow trading against the local exchange (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[1]!;
    const botAddress = privateKeyToAccount(botKey).address;

    beforeAll(async () => {
      h = await startLive(engine);
      await fundedEoa(h, 'usr_shadow', botKey, '1000000000', 'cred_eoa');
    }, 120_000);
    afterAll(async () => {
      await h.stop();
    });

    const ordersOf = (botId: string) => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    const tradesOf = (botId: string) => h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));
    const pairsOf = (botId: string) => h.db.select().from(schema.shadowPairs).where(eq(schema.shadowPairs.botId, botId));
    const shadowBot = async (conditionId: string, token: string, risk: Partial<typeof schema.bots.$inferInsert> = {}) => {
      const botId = await liveBot(h, 'usr_shadow', conditionId, [token]);
      await h.db.update(schema.bots).set({ shadowMode: true, ...risk }).where(eq(schema.bots.id, botId));
      return botId;
    };
    const buy = (token: string, amountMicros: number) => ({ kind: 'trade' as const, side: 'buy' as const, tokenId: token, amountMicros, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'shadow buy' });
    /** Signing takes `signMs` (7), the exchange answers `answerMs` (120) after the order was signed. */
    const timed = (extra?: (point: string) => Promise<void>, signMs = 7, answerMs = 120) =>
      h.deps({
        faultHook: async (point) => {
          if (point === 'after_sign') h.clock.advance(signMs);
          if (point === 'after_post') h.clock.advance(answerMs);
          await extra?.(point);
        },
      });

    test('a shadow tick posts a minimum-size live order the exchange verified and records the full-size paper fill beside it', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      await restingSell(h.sim, maker, m.yes, 0.5, 500);
      // The trade-size limit ($5) would refuse the full $10 live: it judges the live leg ($2.50) only.
      const botId = await shadowBot(m.conditionId, m.yes, { maxTradeSizeMicros: 5_000_000 });
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      const before = await simWallet(h.sim, botAddress);
      const decidedAt = h.clock.now();

      const result = await runTick(timed(), { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', trades: 1, liveOrder: { status: 'matched' } });

      // Live: the market's minimum order size (5 shares at $0.50 = $2.50), matched at the exchange.
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'matched', side: 'buy', makerAmountMicros: 2_500_000, predictedSharesMicros: 5_000_000, predictedNotionalMicros: 2_500_000, filledSharesMicros: 5_000_000, filledNotionalMicros: 2_500_000, fillPriceMicros: 500_000, actualSlippageBps: 0, settledBy: 'post' });
      const after = await simWallet(h.sim, botAddress);
      expect(after.tokens[m.yes]).toBe('5000000');
      const trades = await tradesOf(botId);
      const liveRow = trades.find((t) => t.type === 'live');
      const paperRow = trades.find((t) => t.type === 'paper');
      expect(trades).toHaveLength(2);
      expect(Number(before.collateral) - Number(after.collateral)).toBe(2_500_000 + (liveRow?.feeMicros ?? 0));
      expect(liveRow).toMatchObject({ status: 'executed', sharesMicros: 5_000_000, amountMicros: 2_500_000, tickKey: 't1', orderId: order?.orderHash });

      // Paper: the decision's full size on the same book, linked by the decision and the pair.
      expect(paperRow).toMatchObject({ status: 'executed', side: 'buy', amountMicros: 10_000_000, sharesMicros: 20_000_000, executionPriceMicros: 500_000, actualSlippageBps: 0, tickKey: 't1:shadow', decisionId: order?.decisionId, orderId: null, countsForUnlock: false });
      expect(liveRow?.decisionId).toBe(order?.decisionId ?? 'missing');
      const [pair] = await pairsOf(botId);
      expect(pair).toMatchObject({
        liveOrderId: order?.id,
        paperTradeId: paperRow?.id,
        decisionId: order?.decisionId,
        tickKey: 't1',
        side: 'buy',
        paperFilled: true,
        paperRejectionCode: null,
        paperSharesMicros: 20_000_000,
        paperNotionalMicros: 10_000_000,
        paperPriceMicros: 500_000,
        paperSlippageBps: 0,
        bestPriceMicros: 500_000,
        livePredictedPriceMicros: 500_000,
        livePredictedSlippageBps: 0,
      });
      expect(pair?.decidedAt.getTime()).toBe(decidedAt.getTime());
      expect((pair?.signedAt.getTime() ?? 0) - (pair?.decidedAt.getTime() ?? 0)).toBe(7);
      expect((pair?.answeredAt?.getTime() ?? 0) - (pair?.signedAt.getTime() ?? 0)).toBe(120);

      // Only the live leg moved the bot's live budget.
      const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
      expect(bot?.paperBalanceMicros).toBe(100_000_000 - 2_500_000 - (liveRow?.feeMicros ?? 0));
    });

    test('a book that fills the paper leg while the exchange kills the live FOK records the divergence', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      const resting = await restingSell(h.sim, maker, m.yes, 0.5, 500);
      const botId = await shadowBot(m.conditionId, m.yes);
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      // The liquidity leaves between the snapshot both legs were computed on and the live post.
      const deps = timed(async (point) => {
        if (point === 'after_sign') await maker.client.cancelOrder({ orderID: resting });
      });
      const result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'rejected', code: 'fok_not_filled' } });
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'rejected', rejectionCode: 'fok_not_filled', makerAmountMicros: 2_500_000 });
      const [pair] = await pairsOf(botId);
      expect(pair).toMatchObject({ liveOrderId: order?.id, paperFilled: true, paperSharesMicros: 20_000_000 });
      expect((pair?.answeredAt?.getTime() ?? 0) - (pair?.signedAt.getTime() ?? 0)).toBe(120);
      const paper = (await tradesOf(botId)).find((t) => t.type === 'paper');
      expect(paper).toMatchObject({ status: 'executed', id: pair?.paperTradeId });
    });

    test('a book too thin for the full size kills the paper leg while the minimum-size live order fills', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      await restingSell(h.sim, maker, m.yes, 0.5, 6);
      // 5 of 6 visible shares: the market-impact guard would refuse it at its default 10 %.
      const botId = await shadowBot(m.conditionId, m.yes, { maxMarketImpactBps: 10_000 });
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      const result = await runTick(timed(), { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'matched', filledSharesMicros: 5_000_000 });
      const [pair] = await pairsOf(botId);
      expect(pair).toMatchObject({ liveOrderId: order?.id, paperFilled: false, paperRejectionCode: 'insufficient_depth', paperPriceMicros: null });
      const paper = (await tradesOf(botId)).find((t) => t.type === 'paper');
      expect(paper).toMatchObject({ status: 'rejected', rejectionCode: 'insufficient_depth', amountMicros: 10_000_000, id: pair?.paperTradeId });
    });

    test('a shadow SELL goes live at the minimum order size while paper sells the decision’s full size', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      const buyer = await trader(h.sim, TEST_KEYS[3]!);
      const ask = await restingSell(h.sim, maker, m.yes, 0.5, 500);
      // Full-size live first (20 shares held), then shadow mode.
      const botId = await liveBot(h, 'usr_shadow', m.conditionId, [m.yes]);
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      expect(await runTick(timed(), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      await h.db.update(schema.bots).set({ shadowMode: true, maxMarketImpactBps: 10_000 }).where(eq(schema.bots.id, botId));
      // A resting BUY of 100 shares at $0.50 to sell into (the ask gone, so it rests).
      await maker.client.cancelOrder({ orderID: ask });
      await admin(h.sim, `/_sim/wallets/${buyer.address}`, { collateral: '100000000', tokens: {} });
      const bid = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 100, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);
      expect(bid.success).toBe(true);
      h.clock.advance(1_000);
      h.strategy.queue.push({ kind: 'trade', side: 'sell', tokenId: m.yes, sharesMicros: 20_000_000, limitPriceMicros: 400_000, confidencePerMille: 900, reasoning: 'shadow sell' });
      const sold = await runTick(timed(), { botId, tickKey: 't2' }, h.clock.now());
      expect(sold).toMatchObject({ liveOrder: { status: 'matched' } });
      const sell = (await ordersOf(botId)).find((o) => o.tickKey === 't2');
      expect(sell).toMatchObject({ side: 'sell', makerAmountMicros: 5_000_000, filledSharesMicros: 5_000_000, filledNotionalMicros: 2_500_000, fillPriceMicros: 500_000 });
      expect((await simWallet(h.sim, botAddress)).tokens[m.yes]).toBe('15000000');
      const pair = (await pairsOf(botId)).find((p) => p.tickKey === 't2');
      expect(pair).toMatchObject({ side: 'sell', paperFilled: true, paperSharesMicros: 20_000_000, paperNotionalMicros: 10_000_000, paperPriceMicros: 500_000 });
      // The bot's own trades are its live ones: the paper legs are not counted in its P&L summary.
      const queries = createBotQueries({ bots: createBotStore(h.db), queries: createBotQueryStore(h.db), ticks: createTickStore(h.db, h.clock), clock: h.clock });
      expect(await queries.pnlSummary('usr_shadow', botId)).toMatchObject({ executedTrades: 2, rejectedTrades: 0 });
      expect((await tradesOf(botId)).filter((t) => t.type === 'paper')).toHaveLength(1);
      const [position] = await h.db.select().from(schema.botPositions).where(eq(schema.botPositions.botId, botId));
      expect(position?.sharesMicros).toBe(15_000_000);
    });

    test('without shadow mode the live order keeps the decision’s full size and no pair is written', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      await restingSell(h.sim, maker, m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_shadow', m.conditionId, [m.yes]);
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      const result = await runTick(timed(), { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ filledSharesMicros: 20_000_000 });
      expect(await pairsOf(botId)).toHaveLength(0);
      expect((await tradesOf(botId)).map((t) => t.type)).toEqual(['live']);
    });

    test('the divergence report: fill rates, price and slippage differences, latency, the most divergent pairs first — exact', async () => {
      const m = await market(h.sim, 'binary');
      const maker = await trader(h.sim, TEST_KEYS[2]!);
      // Allows the 10 % move of case 4 (its FOK is signed within the bot's price-movement band).
      const botId = await shadowBot(m.conditionId, m.yes, { maxMarketImpactBps: 10_000, maxPriceMovementBps: 1_500 });
      const queries = createBotQueries({ bots: createBotStore(h.db), queries: createBotQueryStore(h.db), ticks: createTickStore(h.db, h.clock), clock: h.clock });
      const start = h.clock.now();

      // 1. Both legs fill at $0.50 (sign 7 ms, answer 120 ms).
      let resting = await restingSell(h.sim, maker, m.yes, 0.5, 500);
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      expect(await runTick(timed(undefined, 7, 120), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      h.clock.advance(1_000);
      // 2. Paper fills; the liquidity leaves before the live post: killed (9 ms, 80 ms).
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      const cancel = async (point: string) => {
        if (point === 'after_sign') await maker.client.cancelOrder({ orderID: resting });
      };
      expect(await runTick(timed(cancel, 9, 80), { botId, tickKey: 't2' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'rejected' } });
      h.clock.advance(1_000);
      // 3. A book too thin for the full size: paper killed, live fills (5 ms, 200 ms).
      const thin = await restingSell(h.sim, maker, m.yes, 0.5, 6);
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      expect(await runTick(timed(undefined, 5, 200), { botId, tickKey: 't3' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      await maker.client.cancelOrder({ orderID: thin });
      h.clock.advance(1_000);
      // 4. The book moves up to $0.55 between the snapshot and the post: live pays more than paper (11 ms, 150 ms).
      resting = await restingSell(h.sim, maker, m.yes, 0.5, 500);
      h.strategy.queue.push(buy(m.yes, 10_000_000));
      const moveUp = async (point: string) => {
        if (point !== 'after_sign') return;
        await maker.client.cancelOrder({ orderID: resting });
        await restingSell(h.sim, maker, m.yes, 0.55, 500);
      };
      expect(await runTick(timed(moveUp, 11, 150), { botId, tickKey: 't4' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });

      const byTick = new Map((await pairsOf(botId)).map((p) => [p.tickKey, p]));
      const orders = new Map((await ordersOf(botId)).map((o) => [o.tickKey, o]));
      const t4 = orders.get('t4');
      // $2.50 at $0.55: 4.545454 shares, an average of $0.55 — 10 % above the snapshot's best price.
      expect(t4).toMatchObject({ filledSharesMicros: 4_545_454, filledNotionalMicros: 2_500_000, fillPriceMicros: 550_000, actualSlippageBps: 1_000 });
      expect(byTick.get('t4')).toMatchObject({ paperPriceMicros: 500_000, paperSlippageBps: 0 });

      const report = await queries.shadowReport('usr_shadow', botId, { limit: 2 });
      expect(report).toMatchObject({
        botId,
        shadowMode: true,
        decisions: 4,
        livePending: 0,
        liveFilled: 3,
        paperFilled: 3,
        liveFillRateBps: 7_500,
        paperFillRateBps: 7_500,
        fillRateDiffBps: 0,
        fillMismatches: { paperFilledLiveNot: 1, liveFilledPaperNot: 1 },
        // Pairs where both filled: t1 (0) and t4 (550 000 − 500 000 = 50 000; 1 000 − 0 bps).
        price: { pairs: 2, meanDiffMicros: 25_000, p50DiffMicros: 0 },
        slippage: { pairs: 2, meanDiffBps: 500, p50DiffBps: 0 },
        // Nearest rank: signing 5, 7, 9, 11 ms; answers 80, 120, 150, 200 ms.
        latency: { decisionToSignedP50Ms: 7, decisionToSignedP99Ms: 11, answered: 4, signedToAnswerP50Ms: 120, signedToAnswerP99Ms: 200 },
      });
      // Fill mismatches first (newest first), then the largest price difference.
      expect(report.divergent.items.map((p) => p.liveOrderId)).toEqual([orders.get('t3')?.id ?? 'missing', orders.get('t2')?.id ?? 'missing']);
      expect(report.divergent.nextOffset).toBe(2);
      expect(report.divergent.items[0]).toMatchObject({ liveFilled: true, paperFilled: false, paperRejectionCode: 'insufficient_depth', liveSharesMicros: 5_000_000, decisionToSignedMs: 5, signedToAnswerMs: 200 });
      expect(report.divergent.items[1]).toMatchObject({ liveFilled: false, liveStatus: 'rejected', liveRejectionCode: 'fok_not_filled', paperFilled: true, paperSharesMicros: 20_000_000 });
      const next = await queries.shadowReport('usr_shadow', botId, { limit: 2, offset: 2 });
      expect(next.divergent.items.map((p) => p.liveOrderId)).toEqual([t4?.id ?? 'missing', orders.get('t1')?.id ?? 'missing']);
      expect(next.divergent.items[0]).toMatchObject({ priceDiffMicros: 50_000, slippageDiffBps: 1_000, livePriceMicros: 550_000, paperPriceMicros: 500_000, livePredictedPriceMicros: 500_000 });
      expect(next.divergent.nextOffset).toBeNull();

      // The window: [from, to) on the decision time.
      const firstTwo = await queries.shadowReport('usr_shadow', botId, { from: start, to: byTick.get('t3')?.decidedAt });
      expect(firstTwo).toMatchObject({ decisions: 2, liveFilled: 1, paperFilled: 2, liveFillRateBps: 5_000, paperFillRateBps: 10_000, fillRateDiffBps: -5_000 });
      const none = await queries.shadowReport('usr_shadow', botId, { to: start });
      expect(none).toMatchObject({ decisions: 0, liveFillRateBps: null, price: { pairs: 0, meanDiffMicros: null, p50DiffMicros: null }, latency: { decisionToSignedP50Ms: null } });
      // Another user's bot is not found; bad paging is a validation error.
      await expect(queries.shadowReport('usr_other', botId)).rejects.toMatchObject({ code: 'not_found' });
      await expect(queries.shadowReport('usr_shadow', botId, { limit: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(queries.shadowReport('usr_shadow', botId, { from: start, to: start })).rejects.toMatchObject({ code: 'validation_failed' });
    });
  });
}
