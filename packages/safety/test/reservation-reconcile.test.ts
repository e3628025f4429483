/**
 * A live order whose answer never came holds its live-risk reservation (its worst case counts against
 * the daily loss limit, its volume against the day) until reconciliation learns the outcome from the
 * exchange — then the reservation is settled under the order's id: "not matched" releases it all,
 * "matched" releases the worst case and the day counts the actual fill. Against the local exchange over
 * HTTP; the lost answers are real: a connection the exchange drops (fault injection), and a process
 * that dies after the exchange matched the order and before it recorded the answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { reconcileLiveOrders, runTick } from '@polymancer/bots';
import { createRiskLedgerStore, schema } from '@polymancer/db';
import { createLiveRisk } from '@polymancer/safety';
import { OrderType, Side } from '@polymarket/clob-client-v2';
import { eq } from 'drizzle-orm';
import { testEngines } from '../../../test/databases.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

for (const engine of testEngines()) {
  describe(`reconciliation settles an unanswered order's risk reservation (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[3]!;

    beforeAll(async () => {
      h = await startLive(engine);
      await fundedEoa(h, 'usr_rr', botKey, '1000000000', 'cred_rr');
    });
    afterAll(async () => {
      await admin(h.sim, '/_sim/faults', {}, 'DELETE');
      await h.stop();
    });

    const risk = () => createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
    const dayOf = async (botId: string) => (await h.db.select().from(schema.liveRiskBotDays).where(eq(schema.liveRiskBotDays.botId, botId)))[0];
    const reservationOf = async (id: string) => (await h.db.select().from(schema.liveRiskReservations).where(eq(schema.liveRiskReservations.id, id)))[0];
    const orderOf = async (botId: string) => (await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId)))[0];

    async function setup() {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_rr', m.conditionId, [m.yes]);
      await h.db.update(schema.bots).set({ dailyLossLimitMicros: 50_000_000 }).where(eq(schema.bots.id, botId));
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });
      return botId;
    }

    test('the exchange drops the connection (outcome unknown); reconciliation finds no order → the reservation is released, worst case and volume', async () => {
      const botId = await setup();
      // The order is committed `submitting`; then the exchange starts dropping connections, so the post gets no answer.
      const dropAfterCommit = async (point: string) => {
        if (point === 'after_submitting') await admin(h.sim, '/_sim/faults', { dropRate: 1 });
      };
      const r = await runTick(h.deps({ risk: risk(), faultHook: dropAfterCommit, notFoundGraceMs: 5_000 }), { botId, tickKey: 't1' }, h.clock.now());
      await admin(h.sim, '/_sim/faults', {}, 'DELETE');
      expect(r).toMatchObject({ liveOrder: { status: 'outcome_unknown' } });
      const order = await orderOf(botId);
      expect(order?.status).toBe('outcome_unknown');
      expect((await reservationOf(order!.id))?.settledAt).toBeNull();
      const held = await dayOf(botId);
      expect(held!.inFlightWorstMicros).toBeGreaterThan(10_000_000);
      expect(held!.volumeMicros).toBe(held!.inFlightWorstMicros);

      h.clock.advance(5_000);
      const deps = h.deps({ risk: risk(), notFoundGraceMs: 5_000 });
      expect(await reconcileLiveOrders({ store: deps.store, clock: h.clock, marketData: deps.marketData }, deps.live, h.clock.now())).toMatchObject({ not_found: 1 });
      expect((await orderOf(botId))?.status).toBe('not_found');
      expect((await reservationOf(order!.id))?.settledAt).not.toBeNull();
      expect(await dayOf(botId)).toMatchObject({ inFlightWorstMicros: 0, volumeMicros: 0, lossMicros: 0 });
    });

    test('the exchange matched but the process died before recording; reconciliation finds the fill → the worst case is released, the day counts the actual fill', async () => {
      // Two price levels; between signing and posting someone else takes the cheaper one, so the fill
      // (all at 0.55) differs from the prediction (6 shares at 0.5, the rest at 0.55) the reservation was sized by.
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 6);
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[1]!), m.yes, 0.55, 500);
      const sniper = await trader(h.sim, TEST_KEYS[0]!);
      await admin(h.sim, `/_sim/wallets/${sniper.address}`, { collateral: '100000000', tokens: {} });
      const botId = await liveBot(h, 'usr_rr', m.conditionId, [m.yes]);
      await h.db.update(schema.bots).set({ dailyLossLimitMicros: 50_000_000 }).where(eq(schema.bots.id, botId));
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });
      const dieAfterPost = async (point: string) => {
        if (point === 'after_sign') await sniper.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 3, side: Side.BUY, orderType: OrderType.FOK });
        if (point === 'after_post') throw new Error('process died after the post (test)');
      };
      await expect(runTick(h.deps({ risk: risk(), faultHook: dieAfterPost }), { botId, tickKey: 't1' }, h.clock.now())).rejects.toThrow('process died');
      const order = await orderOf(botId);
      expect(order?.status).toBe('submitting');
      const reserved = await dayOf(botId);
      expect(reserved!.inFlightWorstMicros).toBeGreaterThan(0);

      const deps = h.deps({ risk: risk() });
      expect(await reconcileLiveOrders({ store: deps.store, clock: h.clock, marketData: deps.marketData }, deps.live, h.clock.now())).toMatchObject({ matched: 1 });
      const matched = await orderOf(botId);
      expect(matched).toMatchObject({ status: 'matched', settledBy: 'reconciliation' });
      const reservedVolume = (await reservationOf(order!.id))!.volumeMicros;
      expect(matched!.filledNotionalMicros! + matched!.feeMicros!).not.toBe(reservedVolume);
      expect((await reservationOf(order!.id))?.settledAt).not.toBeNull();
      const day = await dayOf(botId);
      expect(day!.inFlightWorstMicros).toBe(0);
      // The day's volume is what actually traded (notional + fee of the fill), not the reservation.
      expect(day!.volumeMicros).toBe(matched!.filledNotionalMicros! + matched!.feeMicros!);
      const [user] = await h.db.select().from(schema.liveRiskUserDays).where(eq(schema.liveRiskUserDays.userId, 'usr_rr'));
      expect(user!.volumeMicros).toBe(day!.volumeMicros);
    });
  });
}
