/**
 * Shadow trading against the local exchange over HTTP with the official client: a shadow bot's
 * decision goes live at the market's minimum size (the exchange verifies and matches it) while the
 * full-size fill on the same book is recorded on paper beside it, the pair linked and timed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { runTick } from '../src/index.ts';
import { admin, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader } from './live-harness.ts';

for (const engine of testEngines()) {
  describe(`shadow trading against the local exchange (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[1]!;
    const botAddress = privateKeyToAccount(botKey).address;

    beforeAll(async () => {
      h = await startLive(engine);
      const me = await trader(h.sim, botKey);
      await admin(h.sim, `/_sim/wallets/${botAddress}`, { collateral: '1000000000', tokens: {} });
      h.accounts.set('usr_shadow', { credentialId: 'cred_eoa', walletType: 0, signerAddress: botAddress, funderAddress: botAddress }, botKey, me.creds);
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
    /** Signing takes 7 ms, the exchange answers 120 ms after the order was signed. */
    const timed = (extra?: (point: string) => Promise<void>) =>
      h.deps({
        faultHook: async (point) => {
          if (point === 'after_sign') h.clock.advance(7);
          if (point === 'after_post') h.clock.advance(120);
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
  });
}
