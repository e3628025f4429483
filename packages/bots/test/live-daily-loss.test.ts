/**
 * The daily loss limit as a hard stop for a LIVE bot (spec "Risk Management": automatic pause, the
 * owner notified, no override until the next UTC day), through live ticks on the local exchange over
 * HTTP with a manual clock: the tick that sees the loss stops the bot and tells its owner once; a
 * raised or removed limit the same day does not let it consult its strategy or sign an order; the
 * next UTC day it trades again.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import { OrderType, Side } from '@polymarket/clob-client-v2';
import { and, eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { runTick } from '../src/index.ts';
import { admin, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader } from './live-harness.ts';

const DAY_SECS = 86_400;

for (const engine of testEngines()) {
  describe(`live daily loss stop (${engine})`, () => {
    let h: LiveHarness;
    const userId = 'usr_dls';
    const botKey = TEST_KEYS[1]!;
    const botAddress = privateKeyToAccount(botKey).address;

    beforeAll(async () => {
      // The test moves the exchange's clock to the next UTC day; the client stamps wall-clock time.
      h = await startLive(engine, { authMaxSkewSecs: 2 * DAY_SECS });
      const me = await trader(h.sim, botKey);
      await admin(h.sim, `/_sim/wallets/${botAddress}`, { collateral: '1000000000', tokens: {} });
      h.accounts.set(userId, { credentialId: 'cred_dls', walletType: 0, signerAddress: botAddress, funderAddress: botAddress }, botKey, me.creds);
    }, 120_000); // starts a local exchange (and a database): slow on a loaded machine
    afterAll(async () => {
      await h.stop();
    });

    test('a live bot losing past its limit is stopped and its owner told once; a raised or removed limit does not let it buy that day; the next UTC day it does', async () => {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, userId, m.conditionId, [m.yes]);
      await h.bots.update(userId, botId, { risk: { dailyLossLimitMicros: 2_000_000 } });
      const notices: Array<[string, string, unknown]> = [];
      // (The local exchange's EOA holds no POL: its low-gas notice is another test's business.)
      const notify = async (u: string, kind: string, data: Readonly<Record<string, unknown>>) => (kind === 'bot.live_gas_low' ? undefined : notices.push([u, kind, data.botId]));
      const deps = { ...h.deps(), notifier: { notify } };
      const buy = () => h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });
      const orders = () => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
      let n = 0;
      const tick = () => {
        h.clock.advance(1_000); // each tick reads a fresh book
        return runTick(deps, { botId, tickKey: `t${++n}` }, h.clock.now());
      };

      buy();
      expect(await tick()).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
      // A bid at 0.20 under the 0.50 ask: the midpoint 0.35 marks the 20 shares bought for $10 at $7.
      const bidder = await trader(h.sim, TEST_KEYS[3]!);
      await admin(h.sim, `/_sim/wallets/${bidder.address}`, { collateral: '100000000', tokens: {} });
      await bidder.client.createAndPostOrder({ tokenID: m.yes, price: 0.2, size: 100, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);

      const day = h.clock.now().toISOString().slice(0, 10);
      const nextMidnight = Date.UTC(h.clock.now().getUTCFullYear(), h.clock.now().getUTCMonth(), h.clock.now().getUTCDate() + 1);
      const stopped = await tick();
      expect(stopped).toMatchObject({ status: 'completed', dailyLossStopped: true, newDailyLossStop: { utcDay: day, limitMicros: 2_000_000, resumesAt: new Date(nextMidnight).toISOString() } });
      expect(stopped.status === 'completed' && stopped.newDailyLossStop!.lossMicros).toBeGreaterThanOrEqual(3_000_000);
      expect(notices).toEqual([[userId, 'bot.daily_loss_stopped', botId]]);
      const audited = await h.db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.subjectId, botId), eq(schema.auditEvents.action, 'bot.daily_loss_stopped')));
      expect(audited).toHaveLength(1);

      // The owner raises the limit, then removes it: the bot still neither decides nor signs today.
      await h.bots.update(userId, botId, { risk: { dailyLossLimitMicros: 50_000_000 } });
      buy();
      expect(await tick()).toMatchObject({ status: 'completed', trades: 0, dailyLossStopped: true });
      await h.bots.update(userId, botId, { risk: { dailyLossLimitMicros: null } });
      expect(await tick()).toMatchObject({ status: 'completed', trades: 0, dailyLossStopped: true });
      expect(h.strategy.queue).toHaveLength(1); // never consulted
      expect(await orders()).toHaveLength(1);
      expect(notices).toHaveLength(1);

      // The next UTC day lifts the stop: the queued buy goes out and matches.
      h.clock.set(nextMidnight + 60_000);
      const nextDay = await tick();
      expect(nextDay).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
      expect(nextDay.status === 'completed' && nextDay.dailyLossStopped).toBeUndefined();
      expect(await orders()).toHaveLength(2);
    });
  });
}
