/**
 * Safety on the live order path, end to end against the local exchange over HTTP with the official
 * client: fault injection at the exchange (425 engine restarts) trips the API-error breaker from the
 * path's own reports; no order is posted while a breaker is open (held ticks, and an order committed
 * just before the breaker opened is refused, never posted); an operator's resume lets trading go on.
 * Live risk admission refuses an order over the rollout cap or past the daily loss limit before
 * anything is signed; a sale is never stopped by the rollout or first-month volume caps.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { runTick } from '@polymancer/bots';
import { createAuditStore, createBreakerStore, createRiskLedgerStore, schema } from '@polymancer/db';
import { createBreakers, createLiveRisk } from '@polymancer/safety';
import { OrderType, Side } from '@polymarket/clob-client-v2';
import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader } from '../../bots/test/live-harness.ts';

const operator = { operatorId: 'usr_op', via: 'api' as const };

for (const engine of testEngines()) {
  describe(`safety on the live path (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[3]!;
    const botAddress = privateKeyToAccount(botKey).address;

    beforeAll(async () => {
      h = await startLive(engine);
      await fundedEoa(h, 'usr_safe', botKey, '1000000000', 'cred_safe');
    });
    afterAll(async () => {
      await h.stop();
    });

    const breakers = () =>
      createBreakers({
        store: createBreakerStore(h.db),
        audit: createAuditLog({ store: createAuditStore(h.db), clock: h.clock }),
        clock: h.clock,
        policy: { windowMs: 600_000, botFailureThresholdBps: 2_000, botFailureMinBots: 1, exchangeErrorThresholdBps: 5_000, exchangeErrorMinCalls: 4 },
      });
    const ordersOf = (botId: string) => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    const tradesOf = (botId: string) => h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));
    const buy = (token: string, amountMicros = 10_000_000) => h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: token, amountMicros, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });

    test('425s injected at the exchange trip the API-error breaker; while open nothing is posted; after an operator resumes, the order goes through', async () => {
      const b = breakers();
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_safe', m.conditionId, [m.yes]);
      const deps = () => ({ ...h.deps({ breakers: b }), liveTrading: b });

      await admin(h.sim, '/_sim/faults', { tradingMode: 'paused' });
      buy(m.yes);
      const refused = await runTick(deps(), { botId, tickKey: 't1' }, h.clock.now());
      expect(refused).toMatchObject({ status: 'completed', liveOrder: { status: 'rejected', code: 'exchange_restarting' } });
      expect((await b.openBreaker())?.name).toBeDefined();
      const open = (await b.status()).filter((s) => s.open).map((s) => s.name).sort();
      // Four posts of the same signed order, all 425 (4 of 4 calls), and the bot failed (1 of its live bots).
      expect(open).toEqual(['bot_failures', 'exchange_errors']);
      await admin(h.sim, '/_sim/faults', {}, 'DELETE');

      const before = await simWallet(h.sim, botAddress);
      buy(m.yes);
      const held = await runTick(deps(), { botId, tickKey: 't2' }, h.clock.now());
      expect(held).toMatchObject({ status: 'skipped', code: 'circuit_breaker_open' });
      expect(await ordersOf(botId)).toHaveLength(1);
      expect(await simWallet(h.sim, botAddress)).toEqual(before);

      await b.resume(operator, 'exchange_errors');
      await b.resume(operator, 'bot_failures');
      h.strategy.queue.length = 0;
      buy(m.yes);
      const through = await runTick(deps(), { botId, tickKey: 't3' }, h.clock.now());
      expect(through).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    });

    test('a breaker that opens after the order was committed stops the post: the order is refused, never reaches the exchange', async () => {
      const b = breakers();
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_safe', m.conditionId, [m.yes]);
      const before = await simWallet(h.sim, botAddress);
      buy(m.yes);
      const deps = h.deps({
        breakers: b,
        faultHook: async (point) => {
          if (point === 'after_submitting') for (let i = 0; i < 4; i++) await b.recordExchangeCall({ status: 503 });
        },
      });
      const result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'rejected', code: 'circuit_breaker_open' } });
      const [order] = await ordersOf(botId);
      expect(order).toMatchObject({ status: 'rejected', rejectionCode: 'circuit_breaker_open', postAttempts: 0 });
      expect(await simWallet(h.sim, botAddress)).toEqual(before);
      for (const s of await b.status()) if (s.open) await b.resume(operator, s.name);
    });

    test('live risk admission refuses an order over the rollout cap and one past the daily loss limit, before signing; nothing is posted', async () => {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_safe', m.conditionId, [m.yes]);
      const inWeek1 = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: new Date(h.clock.now().getTime() - 86_400_000) });
      buy(m.yes, 10_000_000);
      const capped = await runTick(h.deps({ risk: inWeek1 }), { botId, tickKey: 't1' }, h.clock.now());
      expect(capped).toMatchObject({ status: 'completed', rejections: 1 });
      expect(await ordersOf(botId)).toHaveLength(0);
      const [row] = await tradesOf(botId);
      expect(row).toMatchObject({ type: 'live', status: 'rejected', rejectionCode: 'rollout_trade_cap_exceeded' });
      expect(row?.rejectionReason).toContain("exceeds the $1 maximum live trade during weeks 1–2 of the platform's graduated rollout");

      // The day already lost $5 of a $5 limit (recorded by earlier settled orders).
      await h.db.update(schema.bots).set({ dailyLossLimitMicros: 5_000_000 }).where(eq(schema.bots.id, botId));
      await h.db.insert(schema.liveRiskBotDays).values({ botId, utcDay: h.clock.now().toISOString().slice(0, 10), lossMicros: 5_000_000 });
      const full = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
      buy(m.yes, 10_000_000);
      await runTick(h.deps({ risk: full }), { botId, tickKey: 't2' }, h.clock.now());
      expect(await ordersOf(botId)).toHaveLength(0);
      const codes = (await tradesOf(botId)).map((t) => t.rejectionCode).sort();
      expect(codes).toEqual(['daily_loss_limit_reached', 'rollout_trade_cap_exceeded']);
    });

    test('an admitted order that matches releases its reservation; the day counts its volume', async () => {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_safe2', m.conditionId, [m.yes]);
      h.accounts.set('usr_safe2', { credentialId: 'cred_safe2', walletType: 0, signerAddress: botAddress, funderAddress: botAddress }, botKey, (await trader(h.sim, botKey)).creds);
      const risk = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
      buy(m.yes, 10_000_000);
      const r = await runTick(h.deps({ risk }), { botId, tickKey: 't1' }, h.clock.now());
      expect(r).toMatchObject({ liveOrder: { status: 'matched' } });
      const [order] = await ordersOf(botId);
      const [reservation] = await h.db.select().from(schema.liveRiskReservations).where(eq(schema.liveRiskReservations.id, order!.id));
      expect(reservation?.settledAt).not.toBeNull();
      const [day] = await h.db.select().from(schema.liveRiskBotDays).where(eq(schema.liveRiskBotDays.botId, botId));
      expect(day).toMatchObject({ inFlightWorstMicros: 0 });
      expect(day!.volumeMicros).toBeGreaterThan(10_000_000);
    });

    test('a sale over the rollout cap and past a new user\'s $100 day still goes out: a bot can always leave its position', async () => {
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_safe', m.conditionId, [m.yes]);
      buy(m.yes, 10_000_000);
      const full = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
      expect(await runTick(h.deps({ risk: full }), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      const [position] = await h.db.select().from(schema.botPositions).where(eq(schema.botPositions.botId, botId));
      // A bid to sell into, and the user's day already at its $100 first-month volume.
      const bidder = await trader(h.sim, TEST_KEYS[0]!);
      await admin(h.sim, `/_sim/wallets/${bidder.address}`, { collateral: '100000000', tokens: {} });
      await bidder.client.createAndPostOrder({ tokenID: m.yes, price: 0.45, size: 200, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);
      await h.db.insert(schema.liveRiskUserDays).values({ userId: 'usr_safe', utcDay: h.clock.now().toISOString().slice(0, 10), volumeMicros: 100_000_000 }).onConflictDoUpdate({ target: [schema.liveRiskUserDays.userId, schema.liveRiskUserDays.utcDay], set: { volumeMicros: 100_000_000 } });
      const inWeek1 = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: new Date(h.clock.now().getTime() - 86_400_000) });
      h.strategy.queue.push({ kind: 'trade', side: 'sell', tokenId: m.yes, sharesMicros: position!.sharesMicros, limitPriceMicros: 400_000, confidencePerMille: 900, reasoning: 'exit' });
      h.clock.advance(1_000); // the tick cycle's book cache expires
      const sold = await runTick(h.deps({ risk: inWeek1 }), { botId, tickKey: 't2' }, h.clock.now());
      expect(sold).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
      const sale = (await ordersOf(botId)).find((o) => o.side === 'sell');
      expect(sale).toMatchObject({ status: 'matched', filledSharesMicros: position!.sharesMicros, fillPriceMicros: 450_000 });
      // $9 of sale: over week 1's $1 trade cap and past the $100 day, counted in the day's volume all the same.
      expect(sale!.filledNotionalMicros!).toBeGreaterThan(1_000_000);
      const [day] = await h.db.select().from(schema.liveRiskUserDays).where(eq(schema.liveRiskUserDays.userId, 'usr_safe'));
      expect(day!.volumeMicros).toBeGreaterThan(100_000_000);
    });
  });
}
