/**
 * The live path's answers to the exchange's refusals, injected at the local exchange
 * (`/_sim/faults`): 425 (engine restarting) → the SAME signed order is posted again after a backoff;
 * 503 cancel-only / post-only → no order, a recorded rejection that tells the owner, the bot holds
 * and trades again once the exchange reopens; an open circuit breaker → the committed order is
 * never sent. Every post is reported to the breakers with its HTTP status.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { type LiveBreakerPort, runTick } from '../src/index.ts';
import { Side, OrderType } from '@polymarket/clob-client-v2';
import { admin, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader, type Trader } from './live-harness.ts';

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
    h = await startLive('pglite');
    maker = await trader(h.sim, TEST_KEYS[2]!);
    const me = await trader(h.sim, key);
    await admin(h.sim, `/_sim/wallets/${address}`, { collateral: '1000000000', tokens: {} });
    h.accounts.set('usr_r', { credentialId: 'cred_r', walletType: 0, signerAddress: address, funderAddress: address }, key, me.creds);
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

  for (const mode of ['cancel-only', 'post-only'] as const) {
    test(`503 ${mode}: no retry, a rejection that tells the owner, and trading resumes when the exchange does`, async () => {
      const { botId, buy, orders, trades } = await setup();
      buy();
      const breakers = new RecordingBreakers();
      await faults(h, { tradingMode: mode });
      const deps = h.deps({ breakers });
      const result = await runTick(deps, { botId, tickKey: 't1' }, h.clock.now());
      await clearFaults(h);
      const code = mode === 'cancel-only' ? 'exchange_cancel_only' : 'exchange_post_only';
      expect(result).toMatchObject({ liveOrder: { status: 'rejected', code } });
      expect(breakers.calls).toEqual([{ status: 503, code }]);
      const [order] = await orders();
      expect(order).toMatchObject({ status: 'rejected', rejectionCode: code, postAttempts: 1 });
      const [trade] = await trades();
      expect(trade?.rejectionReason).toContain(mode === 'cancel-only' ? 'cancel-only mode' : 'post-only mode');
      expect(trade?.rejectionReason).toContain('holds');
      buy();
      expect(await runTick(deps, { botId, tickKey: 't2' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
    });
  }

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
