/**
 * From the moment a user is frozen (`users.trading_frozen`, here by a direct SQL UPDATE as the runbook
 * does) or a bot is emergency-stopped, no order of theirs is posted — also an order the tick had already
 * committed `submitting`, and also the retry of one the exchange refused with 425. Against the local
 * exchange over HTTP: the freeze or stop is committed at the live path's own fault points (after the
 * commit; after the first post), and the exchange's wallet shows nothing traded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { runTick } from '@polymancer/bots';
import { createEmergencyStore, createRiskLedgerStore, schema } from '@polymancer/db';
import { createLiveRisk } from '@polymancer/safety';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { admin, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

for (const engine of testEngines()) {
  describe(`a freeze or an emergency stop after the commit stops the post (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[3]!;
    const botAddress = privateKeyToAccount(botKey).address;
    let users = 0;

    beforeAll(async () => {
      h = await startLive(engine);
      await admin(h.sim, `/_sim/wallets/${botAddress}`, { collateral: '1000000000', tokens: {} });
    }, 60_000); // starts a local exchange (and a database): slow on a loaded machine
    afterAll(async () => {
      await admin(h.sim, '/_sim/faults', {}, 'DELETE');
      await h.stop();
    }, 60_000);

    const ordersOf = (botId: string) => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    const tradesOf = (botId: string) => h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));
    const unsettled = (botId: string) => h.db.select().from(schema.liveRiskReservations).where(and(eq(schema.liveRiskReservations.botId, botId), isNull(schema.liveRiskReservations.settledAt)));
    const freeze = (userId: string) => h.db.execute(sql`update users set trading_frozen = true where id = ${userId}`);

    async function setup() {
      const userId = `usr_halt${++users}`;
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, userId, m.conditionId, [m.yes]);
      h.accounts.set(userId, { credentialId: `cred_${userId}`, walletType: 0, signerAddress: botAddress, funderAddress: botAddress }, botKey, (await trader(h.sim, botKey)).creds);
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });
      const risk = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
      return { userId, botId, risk, before: await simWallet(h.sim, botAddress) };
    }

    test('the owner is frozen by SQL after the order is committed: it is refused `user_frozen`, never posted, its reservation released', async () => {
      const { userId, botId, risk, before } = await setup();
      const frozenAfterCommit = async (point: string) => {
        if (point === 'after_submitting') await freeze(userId);
      };
      const r = await runTick(h.deps({ risk, faultHook: frozenAfterCommit }), { botId, tickKey: 't1' }, h.clock.now());
      expect(r).toMatchObject({ status: 'completed', rejections: 1, liveOrder: { status: 'rejected', code: 'user_frozen' } });
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'rejected', rejectionCode: 'user_frozen', postAttempts: 0, settledBy: 'post' });
      expect(order!.rejectionReason).toContain('frozen');
      const [trade] = await tradesOf(botId);
      expect(trade).toMatchObject({ type: 'live', status: 'rejected', rejectionCode: 'user_frozen' });
      expect(await unsettled(botId)).toEqual([]);
      // The exchange never saw it: nothing traded.
      expect(await simWallet(h.sim, botAddress)).toEqual(before);
    });

    test('the bot is emergency-stopped after the order is committed: it is refused `emergency_stopped`, never posted', async () => {
      const { botId, risk, before } = await setup();
      const stoppedAfterCommit = async (point: string) => {
        if (point === 'after_submitting') await createEmergencyStore(h.db).emergencyStop(botId, 'operator stop (test)', h.clock.now());
      };
      const r = await runTick(h.deps({ risk, faultHook: stoppedAfterCommit }), { botId, tickKey: 't1' }, h.clock.now());
      expect(r).toMatchObject({ status: 'completed', liveOrder: { status: 'rejected', code: 'emergency_stopped' } });
      expect((await ordersOf(botId))[0]).toMatchObject({ status: 'rejected', rejectionCode: 'emergency_stopped', postAttempts: 0 });
      expect(await unsettled(botId)).toEqual([]);
      expect(await simWallet(h.sim, botAddress)).toEqual(before);
    });

    test('frozen between a 425 and its retry: the retry is not posted, the order is refused after one post', async () => {
      const { userId, botId, risk, before } = await setup();
      await admin(h.sim, '/_sim/faults', { tradingMode: 'paused' });
      let posts = 0;
      const frozenAfterFirstPost = async (point: string) => {
        if (point !== 'after_post') return;
        posts += 1;
        // The exchange is back, so a retry would now match: only the freeze can stop it.
        await admin(h.sim, '/_sim/faults', {}, 'DELETE');
        await freeze(userId);
      };
      const r = await runTick(h.deps({ risk, faultHook: frozenAfterFirstPost }), { botId, tickKey: 't1' }, h.clock.now());
      expect(posts).toBe(1);
      expect(r).toMatchObject({ liveOrder: { status: 'rejected', code: 'user_frozen' } });
      expect((await ordersOf(botId))[0]).toMatchObject({ status: 'rejected', rejectionCode: 'user_frozen', postAttempts: 1 });
      expect(await unsettled(botId)).toEqual([]);
      expect(await simWallet(h.sim, botAddress)).toEqual(before);
    });
  });
}
