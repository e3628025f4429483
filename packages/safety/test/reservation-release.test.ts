/**
 * A live tick that fails after its risk admission and before it commits an order gives the
 * reservation back: no order names it, so no reconciliation would ever settle it, and its worst
 * case would block the bot's buys until the UTC day ends. Against the local exchange over HTTP; the
 * failures are real: the exchange stops answering exactly when the closed-only status is asked (the
 * real venue wrapped only to cut the connection at that point), and a throw right after signing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { runTick } from '@polymancer/bots';
import { createRiskLedgerStore, schema } from '@polymancer/db';
import { createLiveRisk } from '@polymancer/safety';
import { and, eq, isNull } from 'drizzle-orm';
import { testEngines } from '../../../test/databases.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

for (const engine of testEngines()) {
  describe(`a tick that fails before committing its order releases its risk reservation (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[3]!;

    beforeAll(async () => {
      h = await startLive(engine);
      await fundedEoa(h, 'usr_rl', botKey, '1000000000', 'cred_rl');
    }, 60_000); // starts a local exchange (and a database): slow on a loaded machine
    afterAll(async () => {
      await admin(h.sim, '/_sim/faults', {}, 'DELETE');
      await h.stop();
    }, 60_000);

    const risk = () => createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
    const dayOf = async (botId: string) => (await h.db.select().from(schema.liveRiskBotDays).where(eq(schema.liveRiskBotDays.botId, botId)))[0];
    const unsettled = (botId: string) => h.db.select().from(schema.liveRiskReservations).where(and(eq(schema.liveRiskReservations.botId, botId), isNull(schema.liveRiskReservations.settledAt)));
    const ordersOf = (botId: string) => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    const buy = (token: string) => h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: token, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });

    /** A live bot with one matched order behind it (so the next BUY asks the closed-only status, not the full pre-flight). */
    async function tradedBot() {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_rl', m.conditionId, [m.yes]);
      await h.db.update(schema.bots).set({ dailyLossLimitMicros: 50_000_000 }).where(eq(schema.bots.id, botId));
      buy(m.yes);
      expect(await runTick(h.deps({ risk: risk() }), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      h.clock.advance(1_000); // the tick cycle's book cache expires
      return { m, botId, before: await dayOf(botId) };
    }

    test('the exchange stops answering when the closed-only status is asked: the tick fails, nothing is committed, the day is as before', async () => {
      const { m, botId, before } = await tradedBot();
      expect(before).toMatchObject({ inFlightWorstMicros: 0 });
      const live = h.deps().live;
      const venue = {
        ...live.venue,
        // The real call, made while the exchange drops every connection.
        closedOnly: async (...args: Parameters<NonNullable<typeof live.venue.closedOnly>>) => {
          await admin(h.sim, '/_sim/faults', { dropRate: 1 });
          try {
            return await live.venue.closedOnly!(...args);
          } finally {
            await admin(h.sim, '/_sim/faults', {}, 'DELETE');
          }
        },
      };
      buy(m.yes);
      await expect(runTick(h.deps({ risk: risk(), venue }), { botId, tickKey: 't2' }, h.clock.now())).rejects.toThrow('closed-only');
      expect(await ordersOf(botId)).toHaveLength(1);
      expect(await unsettled(botId)).toEqual([]);
      expect(await dayOf(botId)).toEqual(before);

      // The retried tick admits afresh and trades.
      h.strategy.queue.length = 0;
      buy(m.yes);
      expect(await runTick(h.deps({ risk: risk() }), { botId, tickKey: 't2' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      expect(await dayOf(botId)).toMatchObject({ inFlightWorstMicros: 0 });
    });

    test('a failure right after signing, before the commit: the reservation is released', async () => {
      const { m, botId, before } = await tradedBot();
      buy(m.yes);
      const failAfterSign = async (point: string) => {
        if (point === 'after_sign') throw new Error('failed after signing (test)');
      };
      await expect(runTick(h.deps({ risk: risk(), faultHook: failAfterSign }), { botId, tickKey: 't2' }, h.clock.now())).rejects.toThrow('failed after signing');
      expect(await ordersOf(botId)).toHaveLength(1);
      expect(await unsettled(botId)).toEqual([]);
      expect(await dayOf(botId)).toEqual(before);
    });
  });
}
