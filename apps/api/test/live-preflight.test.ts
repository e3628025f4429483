/**
 * `GET /api/v1/bots/:id/live-preflight` through the running API, against the local exchange over
 * HTTP in chain mode (anvil with the local Polymarket contracts): a ready account passes every check;
 * no credential, a market that stops accepting orders, and this server refused by the exchange (403,
 * geoblock) each block with the message and fix the user reads. The security group is in bots-authz.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { startAnvil, type AnvilInstance } from '@polymancer/local-chain';
import { createChainReader, createChainWalletState, createLiveWalletReader, createPolymarketMarketData } from '@polymancer/polymarket';
import { type Address, parseEther } from 'viem';
import { bearer, json, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createBot } from './bots-helpers.ts';
import { importBody, simAdmin, walletWithApiKey } from './credential-helpers.ts';

interface Check {
  readonly id: string;
  readonly status: 'ok' | 'warn' | 'block';
  readonly message: string;
  readonly fix: string | null;
  readonly conditionId: string | null;
}
interface Report {
  readonly botId: string;
  readonly ok: boolean;
  readonly checkedAt: string;
  readonly checks: readonly Check[];
}

describe('live pre-flight route (local exchange on anvil)', () => {
  let anvil: AnvilInstance;
  let sim: ClobSim;
  let h: ApiHarness;
  let owner: SignedIn;
  let conditionId: string;
  let yesToken: string;
  let botId: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    sim = await createClobSim({ port: 0, seed: 7, marketMakers: false, rpcUrl: anvil.rpcUrl });
    const reader = createChainReader({ rpcUrl: anvil.rpcUrl });
    h = await createApiHarness('pglite', {}, {
      exchangeUrl: sim.url,
      wallets: createChainWalletState(reader),
      liveWallets: createLiveWalletReader(reader),
      marketData: createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, synthetic: true }),
    });
    owner = await signUp(h, 'preflight-owner');
    const w = await walletWithApiKey(sim);
    await simAdmin(sim, `/_sim/wallets/${w.address}`, { collateral: '50000000', tokens: {} });
    await sim.localChain!.setGas(w.address as Address, parseEther('1'));
    expect((await h.request('/api/v1/credentials', bearer(owner.token, json(importBody(w, 0))))).status).toBe(201);
    const market = (await (await fetch(`${sim.url}/_sim/markets`, { method: 'POST', body: JSON.stringify({ question: 'Pre-flight route market', kind: 'binary' }), headers: { 'content-type': 'application/json' } })).json()) as { condition_id: string; tokens: Array<{ token_id: string }> };
    conditionId = market.condition_id;
    yesToken = market.tokens[0]!.token_id;
    botId = (await createBot(h, owner.token, { name: 'pre-flight', markets: [{ conditionId, tokenIds: [yesToken] }], strategy: { kind: 'mean-reversion', params: { orderAmountMicros: 5_000_000 } } })).id;
  }, 180_000);
  afterAll(async () => {
    await h?.dispose();
    await sim?.stop();
    await anvil?.stop();
  });

  const preflight = async (token: string, id: string) => {
    const res = await h.request(`/api/v1/bots/${id}/live-preflight`, bearer(token));
    expect(res.status).toBe(200);
    return (await res.json()) as Report;
  };
  const check = (r: Report, id: string) => r.checks.find((c) => c.id === id);

  test('a funded, approved EOA with a $5 trade passes every check', async () => {
    const r = await preflight(owner.token, botId);
    expect(r.ok).toBe(true);
    expect(r.checkedAt).toBe(h.clock.now().toISOString());
    expect(r.checks.map((c) => [c.id, c.status, c.conditionId])).toEqual([
      ['credential', 'ok', null],
      ['exchange_reachable', 'ok', null],
      ['api_key_bound', 'ok', null],
      ['wallet_setup', 'ok', null],
      ['deposit_wallet_flow', 'ok', null],
      ['closed_only', 'ok', null],
      ['market_accepting_orders', 'ok', conditionId],
      ['order_size', 'ok', conditionId],
      ['collateral', 'ok', conditionId],
      ['sell_approval', 'ok', conditionId],
      ['gas', 'ok', null],
    ]);
    expect(check(r, 'order_size')?.message).toBe("The trade of $5.00 is expressible at the market's precision and above its minimum.");
  }, 30_000);

  test('a configured trade under Polymarket’s $1 minimum for a market buy blocks with the fix', async () => {
    const small = await createBot(h, owner.token, { name: 'too small', markets: [{ conditionId, tokenIds: [yesToken] }], strategy: { kind: 'mean-reversion', params: { orderAmountMicros: 500_000 } } });
    const r = await preflight(owner.token, small.id);
    expect(r.ok).toBe(false);
    expect(check(r, 'order_size')).toEqual({ id: 'order_size', status: 'block', message: "The trade spends $0.5, under Polymarket's minimum of $1 for a market buy.", fix: "Raise the bot's order amount to at least $1.", conditionId });
  }, 30_000);

  test('a market that stops accepting orders blocks, naming the market', async () => {
    await simAdmin(sim, `/_sim/markets/${conditionId}/accepting-orders`, { acceptingOrders: false });
    try {
      const r = await preflight(owner.token, botId);
      expect(r.ok).toBe(false);
      expect(check(r, 'market_accepting_orders')).toEqual({
        id: 'market_accepting_orders',
        status: 'block',
        message: 'Polymarket is not accepting orders on this market ("the market is not yet ready to process new orders").',
        fix: 'Wait until the market accepts orders, or pick another market.',
        conditionId,
      });
    } finally {
      await simAdmin(sim, `/_sim/markets/${conditionId}/accepting-orders`, { acceptingOrders: true });
    }
    expect((await preflight(owner.token, botId)).ok).toBe(true);
  }, 30_000);

  test('the exchange refusing this server (403, geoblock) blocks with the region fix', async () => {
    await simAdmin(sim, '/_sim/faults', { errorRate: 1, errorStatus: 403 });
    try {
      const r = await preflight(owner.token, botId);
      expect(r.ok).toBe(false);
      expect(check(r, 'exchange_reachable')).toMatchObject({
        status: 'block',
        message: "Polymarket's exchange refused this server (HTTP 403): orders from this server's region are geoblocked.",
        fix: expect.stringContaining('the closest unrestricted region is eu-west-1'),
      });
      expect(check(r, 'api_key_bound')).toMatchObject({ status: 'warn', message: 'Not checked: the exchange did not answer.' });
    } finally {
      await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    }
  }, 30_000);

  test('a user without a credential is told to import one; another user’s bot is 404', async () => {
    const stranger = await signUp(h, 'preflight-stranger');
    const id = (await createBot(h, stranger.token, { name: 'no credential' })).id;
    const r = await preflight(stranger.token, id);
    expect(r).toMatchObject({ ok: false, checks: [{ id: 'credential', status: 'block', message: 'No valid trading credential: the bot cannot sign orders.', fix: 'Import a credential (wallet, API key) on the Credentials screen.', conditionId: null }] });
    expect((await h.request(`/api/v1/bots/${botId}/live-preflight`, bearer(stranger.token))).status).toBe(404);
  }, 30_000);
});
