/**
 * The live path's answers to the exchange's refusals, injected at the local exchange
 * (`/_sim/faults`): 425 (engine restarting) → the SAME signed order is posted again after a backoff;
 * 503 cancel-only / post-only → no order, a recorded rejection that tells the owner, the bot holds
 * and trades again once the exchange reopens; an open circuit breaker → the committed order is
 * never sent. Every post is reported to the breakers with its HTTP status.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import { and, eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { type LiveBreakerPort, runTick } from '../src/index.ts';
import { Side, OrderType } from '@polymarket/clob-client-v2';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader, type Trader } from './live-harness.ts';

const faults = (h: LiveHarness, body: unknown) => fetch(`${h.sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const clearFaults = (h: LiveHarness) => fetch(`${h.sim.url}/_sim/faults`, { method: 'DELETE' });

/** Records what the live path tells the breakers; `open` opens one. */
class RecordingBreakers implements LiveBreakerPort {
  readonly calls: Array<{ status: number | null; code?: string }> = [];
  readonly failures: string[] = [];
  open: { name: string; reason: string } | undefined;
  async openBreaker() {
    return this.open;
  }
  async recordExchangeCall(call: { status: number | null; code?: string }) {
    this.calls.push(call);
  }
  async recordBotFailure(_botId: string, code: string) {
    this.failures.push(code);
  }
}

describe('live refusals at the local exchange (pglite)', () => {
  let h: LiveHarness;
  let maker: Trader;
  const key = TEST_KEYS[1]!;
  const address = privateKeyToAccount(key).address;

  beforeAll(async () => {
    // The holds below move the exchange's clock minutes ahead of the wall clock the client stamps its headers with.
    h = await startLive('pglite', { authMaxSkewSecs: 3_600 });
    maker = await trader(h.sim, TEST_KEYS[2]!);
    await fundedEoa(h, 'usr_r', key, '1000000000', 'cred_r');
  });
  afterAll(async () => {
    await clearFaults(h);
    await h.stop();
  });

  async function setup() {
    const m = await market(h.sim, 'binary');
    await restingSell(h.sim, maker, m.yes, 0.5, 500);
    const botId = await liveBot(h, 'usr_r', m.conditionId, [m.yes]);
    const buy = () => h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'refusal test' });
    const orders = () => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    const trades = () => h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));
    return { m, botId, buy, orders, trades };
  }

  test('425 (engine restarting): the same signed order is posted again after a backoff and matches', async () => {
    const { botId, buy, orders } = await setup();
    buy();
    const breakers = new RecordingBreakers();
    const waits: number[] = [];
    await faults(h, { tradingMode: 'paused' });
    const deps = h.deps({
      breakers,
      backoffMs: 500,
      // The exchange comes back during the second wait.
      sleep: async (ms) => {
        waits.push(ms);
        h.clock.advance(ms);
        if (waits.length === 2) await clearFaults(h);
      },
    });
    const result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
    expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    expect(waits).toEqual([500, 1_000]);
    expect(breakers.calls.map((c) => c.status)).toEqual([425, 425, 200]);
    const all = await orders();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'matched', postAttempts: 3 });
  });

  test('429 with Retry-After: the same signed order is posted again after the wait the exchange named, and matches', async () => {
    const { botId, buy, orders } = await setup();
    buy();
    const breakers = new RecordingBreakers();
    const waits: number[] = [];
    const deps = h.deps({
      breakers,
      backoffMs: 500,
      faultHook: async (point) => {
        if (point !== 'after_sign') return;
        // One request per 7 s window of the exchange's clock, spent at once: the order's post is refused with Retry-After: 7.
        await faults(h, { rateLimit: 1, rateLimitWindowMs: 7_000 });
        await fetch(`${h.sim.url}/time`);
      },
      sleep: async (ms) => {
        waits.push(ms);
        h.clock.advance(ms);
      },
    });
    let result;
    try {
      result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
    } finally {
      await clearFaults(h);
    }
    expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    expect(waits).toEqual([7_000]);
    expect(breakers.calls.map((c) => c.status)).toEqual([429, 200]);
    expect((await orders())[0]).toMatchObject({ status: 'matched', postAttempts: 2 });
  });

  test('425 through every retry: recorded as rejected (never matched), the owner is told, the bot trades on its next tick', async () => {
    const { botId, buy, orders, trades } = await setup();
    buy();
    const breakers = new RecordingBreakers();
    await faults(h, { tradingMode: 'paused' });
    const deps = h.deps({ breakers, maxPostAttempts: 3 });
    const first = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
    await clearFaults(h);
    expect(first).toMatchObject({ liveOrder: { status: 'rejected', code: 'exchange_restarting' } });
    expect((await orders())[0]).toMatchObject({ status: 'rejected', postAttempts: 3 });
    expect((await trades())[0]?.rejectionReason).toContain('restarting');
    expect(breakers.failures).toEqual(['exchange_restarting']);
    buy();
    expect(await runTick(deps, { botId, tickKey: 't2' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
  });

  /** The owner's notifications, without the low-gas notice (the local exchange's EOA holds no POL). */
  function notifier() {
    const notices: Array<{ userId: string; kind: string; data: Readonly<Record<string, unknown>> }> = [];
    return { notices, notify: async (userId: string, kind: string, data: Readonly<Record<string, unknown>>) => (kind === 'bot.live_gas_low' ? undefined : notices.push({ userId, kind, data })) };
  }
  const holdsOf = (botId: string, tickKey: string) => h.db.select().from(schema.botDecisions).where(and(eq(schema.botDecisions.botId, botId), eq(schema.botDecisions.tickKey, tickKey)));

  const CODES = { 'cancel-only': 'exchange_cancel_only', 'post-only': 'exchange_post_only', disabled: 'exchange_trading_disabled' } as const;
  for (const mode of ['cancel-only', 'post-only', 'disabled'] as const) {
    test(`503 ${mode}: one refused order and the owner told once; the bot posts nothing until the wait has passed, then once per wait, and trades when the exchange reopens`, async () => {
      const { botId, buy, orders, trades } = await setup();
      const code = CODES[mode];
      const breakers = new RecordingBreakers();
      const told = notifier();
      // The exchange switches mode between the decision and the post (a disabled exchange serves no book either).
      let refusing = true;
      const deps = {
        ...h.deps({
          breakers,
          faultHook: async (point) => {
            if (point === 'after_sign' && refusing) await faults(h, { tradingMode: mode });
          },
        }),
        notifier: told,
      };
      const tick = async (tickKey: string, afterMs: number) => {
        h.clock.advance(afterMs);
        await clearFaults(h);
        try {
          return await runTick(deps, { botId, tickKey }, h.clock.now());
        } finally {
          await clearFaults(h);
        }
      };

      buy();
      const refusedAt = h.clock.now().getTime() + 1_000;
      expect(await tick('t1', 1_000)).toMatchObject({ liveOrder: { status: 'rejected', code } });
      expect(breakers.calls).toEqual([{ status: 503, code }]);
      expect((await orders())[0]).toMatchObject({ status: 'rejected', rejectionCode: code, postAttempts: 1, retryAfterMs: mode === 'post-only' ? 60_000 : null });
      const [trade] = await trades();
      expect(trade?.rejectionReason).toContain({ 'cancel-only': 'cancel-only mode', 'post-only': 'post-only mode', disabled: 'disabled trading' }[mode]);
      expect(trade?.rejectionReason).toContain('holds');
      expect(told.notices.map((n) => [n.userId, n.kind, n.data.botId, n.data.code, n.data.retryAt])).toEqual([['usr_r', 'bot.live_exchange_held', botId, code, new Date(refusedAt + 60_000).toISOString()]]);

      // Within the wait (Polymarket's Retry-After, else a minute): a recorded hold, nothing decided, signed or posted.
      buy();
      expect(await tick('t2', 30_000)).toMatchObject({ status: 'skipped', code });
      expect(h.strategy.queue).toHaveLength(1);
      expect(await orders()).toHaveLength(1);
      expect(breakers.calls).toHaveLength(1);
      expect((await holdsOf(botId, 't2')).map((d) => [d.kind, d.holdCode])).toEqual([['hold', code]]);

      // After it, still refusing: one more refused order, no second notice (same episode).
      expect(await tick('t3', 31_000)).toMatchObject({ liveOrder: { status: 'rejected', code } });
      expect(await orders()).toHaveLength(2);
      expect(told.notices).toHaveLength(1);

      // The exchange reopened and the new wait has passed: the bot trades.
      refusing = false;
      buy();
      expect(await tick('t4', 61_000)).toMatchObject({ liveOrder: { status: 'matched' } });
      expect(breakers.calls.map((c) => c.status)).toEqual([503, 503, 200]);
      expect(told.notices).toHaveLength(1);
    });
  }

  test('429 through the retries with a Retry-After longer than a tick waits: the bot holds for that long, then trades', async () => {
    const { botId, buy, orders } = await setup();
    const waits: number[] = [];
    const told = notifier();
    let limiting = true;
    const deps = {
      ...h.deps({
        sleep: async (ms) => {
          waits.push(ms);
          h.clock.advance(ms);
        },
        faultHook: async (point) => {
          if (point !== 'after_sign' || !limiting) return;
          // One request per 45 s window, spent at once: the post is refused with Retry-After: 45.
          await faults(h, { rateLimit: 1, rateLimitWindowMs: 45_000 });
          await fetch(`${h.sim.url}/time`);
        },
      }),
      notifier: told,
    };
    const tick = async (tickKey: string, afterMs: number) => {
      h.clock.advance(afterMs);
      try {
        return await runTick(deps, { botId, tickKey }, h.clock.now());
      } finally {
        await clearFaults(h);
      }
    };
    buy();
    expect(await tick('t1', 1_000)).toMatchObject({ liveOrder: { status: 'rejected', code: 'exchange_rate_limited' } });
    expect(waits).toEqual([]); // 45 s is not waited inside a tick
    expect((await orders())[0]).toMatchObject({ rejectionCode: 'exchange_rate_limited', postAttempts: 1, retryAfterMs: 45_000 });
    buy();
    expect(await tick('t2', 40_000)).toMatchObject({ status: 'skipped', code: 'exchange_rate_limited' });
    expect(await orders()).toHaveLength(1);
    limiting = false;
    expect(await tick('t3', 6_000)).toMatchObject({ liveOrder: { status: 'matched' } });
    expect(told.notices).toEqual([]); // a rate limit passes by itself: held, not notified
  });

  test('a breaker that opens after the order was committed keeps it from being sent', async () => {
    const { m, botId, buy, orders } = await setup();
    buy();
    const breakers = new RecordingBreakers();
    const deps = h.deps({
      breakers,
      faultHook: (point) => {
        if (point === 'after_submitting') breakers.open = { name: 'exchange_errors', reason: 'exchange API errors above 50 %' };
      },
    });
    const result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
    expect(result).toMatchObject({ liveOrder: { status: 'rejected', code: 'circuit_breaker_open' } });
    const [order] = await orders();
    expect(order).toMatchObject({ status: 'rejected', rejectionCode: 'circuit_breaker_open', postAttempts: 0 });
    expect(breakers.calls).toEqual([]);
    // The exchange never saw it.
    const me = await trader(h.sim, key);
    const exchangeTrades = (await me.client.getTrades({ market: m.conditionId } as never)) as unknown as unknown[];
    expect(exchangeTrades).toEqual([]);
  });

  test('a new account: EOA orders are refused with "please use the deposit wallet flow" and the fix is named; its deposit wallet trades', async () => {
    const newKey = TEST_KEYS[0]!;
    const eoa = privateKeyToAccount(newKey).address;
    const creds = (await trader(h.sim, newKey)).creds;
    await admin(h.sim, `/_sim/accounts/${eoa}`, { newAccount: true });
    await admin(h.sim, `/_sim/wallets/${eoa}`, { collateral: '100000000', tokens: {} });
    const depositWallet = '0x000000000000000000000000000000000000d3d3';
    await admin(h.sim, `/_sim/wallets/${depositWallet}/owner`, { owner: eoa, signatureType: 3 });
    await admin(h.sim, `/_sim/wallets/${depositWallet}`, { collateral: '100000000', tokens: {} });
    const m = await market(h.sim, 'binary');
    await restingSell(h.sim, maker, m.yes, 0.5, 500);
    const buy = () => h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'new account' });

    h.accounts.set('usr_new_eoa', { credentialId: 'cred_new_eoa', walletType: 0, signerAddress: eoa, funderAddress: eoa }, newKey, creds);
    const eoaBot = await liveBot(h, 'usr_new_eoa', m.conditionId, [m.yes]);
    buy();
    const refused = await runTick(h.deps(), { botId: eoaBot, tickKey: 't1' }, h.clock.now());
    expect(refused).toMatchObject({ liveOrder: { status: 'rejected', code: 'deposit_wallet_required' } });
    const [trade] = await h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, eoaBot));
    expect(trade?.rejectionReason).toContain('maker address not allowed, please use the deposit wallet flow');
    expect(trade?.rejectionReason).toContain('wallet type 3 (deposit wallet)');

    h.accounts.set('usr_new_dw', { credentialId: 'cred_new_dw', walletType: 3, signerAddress: eoa, funderAddress: depositWallet }, newKey, creds);
    const walletBot = await liveBot(h, 'usr_new_dw', m.conditionId, [m.yes]);
    buy();
    expect(await runTick(h.deps(), { botId: walletBot, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
  });

  test('a closed-only account: BUYs are not sent and the owner is told; a risk-reducing SELL is', async () => {
    const { m, botId, buy, orders, trades } = await setup();
    buy();
    expect(await runTick(h.deps(), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
    await admin(h.sim, `/_sim/accounts/${address}`, { closedOnly: true });
    try {
      const breakers = new RecordingBreakers();
      buy();
      const refused = await runTick(h.deps({ breakers }), { botId, tickKey: 't2' }, h.clock.now());
      expect(refused).toMatchObject({ status: 'completed', rejections: 1 });
      expect(breakers.calls).toEqual([]);
      expect(await orders()).toHaveLength(1);
      const rejected = (await trades()).find((t) => t.tickKey === 't2');
      expect(rejected).toMatchObject({ status: 'rejected', rejectionCode: 'account_closed_only' });
      expect(rejected?.rejectionReason).toContain('closed-only mode');
      // A bid to sell into; the bot sells the 10 shares it holds.
      await admin(h.sim, `/_sim/wallets/${maker.address}`, { collateral: '100000000', tokens: {} });
      await maker.client.createAndPostOrder({ tokenID: m.yes, price: 0.45, size: 200, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);
      h.strategy.queue.push({ kind: 'trade', side: 'sell', tokenId: m.yes, sharesMicros: 10_000_000, limitPriceMicros: 400_000, confidencePerMille: 900, reasoning: 'reduce' });
      h.clock.advance(1_000); // the tick cycle's book cache expires
      const sold = await runTick(h.deps(), { botId, tickKey: 't3' }, h.clock.now());
      expect(sold).toMatchObject({ liveOrder: { status: 'matched' } });
      const sell = (await orders()).find((o) => o.side === 'sell');
      expect(sell).toMatchObject({ status: 'matched', filledSharesMicros: 10_000_000, fillPriceMicros: 450_000 });
    } finally {
      await admin(h.sim, `/_sim/accounts/${address}`, { closedOnly: false });
    }
  });
});
