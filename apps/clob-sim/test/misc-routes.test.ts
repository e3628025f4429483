import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ClobClient, Side } from '@polymarket/clob-client-v2';
import { generatePrivateKey } from 'viem/accounts';
import { hmacSignature } from '../src/auth/l2.ts';
import { startSim, trader, type Harness } from './harness.ts';

let h: Harness;
let client: ClobClient;
beforeAll(async () => {
  h = await startSim();
  client = new ClobClient({ host: h.sim.url, chain: 137 });
});
afterAll(() => h.stop());

describe('the smaller routes', () => {
  test('simplified and sampling market lists page like /markets', async () => {
    for (const page of [await client.getSimplifiedMarkets(), await client.getSamplingSimplifiedMarkets(), await client.getSamplingMarkets()]) {
      expect(page.next_cursor).toBe('LTE=');
      expect(page.data.length).toBe(h.sim.exchange.markets.length);
      expect(page.data[0]).toHaveProperty('condition_id');
      expect(page.data[0]).toHaveProperty('tokens');
    }
    expect((await fetch(`${h.sim.url}/markets?next_cursor=bogus`)).status).toBe(400);
  });

  test('a batch of more than 500 books is refused', async () => {
    const token = h.sim.exchange.markets[0]!.tokens[0]!.tokenId;
    const res = await fetch(`${h.sim.url}/books`, { method: 'POST', body: JSON.stringify(Array.from({ length: 501 }, () => ({ token_id: token }))) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Payload exceeds the limit' });
  });

  test('order scoring, notifications and CONDITIONAL-V2 balances answer for an authenticated key', async () => {
    const position = h.sim.exchange.markets.find((m) => m.kind === 'position')!;
    const token = position.tokens[0]!.tokenId;
    const t = await trader(h.sim, generatePrivateKey(), { tokens: { [token]: '7000000' } });
    expect(await t.client.isOrderScoring({ order_id: '0x01' })).toEqual({ scoring: false });
    expect(await t.client.areOrdersScoring({ orderIds: ['0x01', '0x02'] })).toEqual({ '0x01': false, '0x02': false });
    expect(await t.client.getNotifications()).toEqual([]);
    const ts = String(Math.floor(h.clock.now().getTime() / 1000));
    const res = await fetch(`${h.sim.url}/balance-allowance?asset_type=CONDITIONAL-V2&token_id=${token}&signature_type=0`, {
      headers: {
        POLY_ADDRESS: t.address,
        POLY_SIGNATURE: hmacSignature(t.creds.secret, ts, 'GET', '/balance-allowance', undefined),
        POLY_TIMESTAMP: ts,
        POLY_API_KEY: t.creds.key,
        POLY_PASSPHRASE: t.creds.passphrase,
      },
    }).then((r) => r.json());
    expect(res.balance).toBe('7000000');
    expect(await t.client.getBalanceAllowance({ asset_type: 'BOGUS' as never })).toEqual({ error: 'Invalid asset type', status: 400 } as never);
  });

  test('injected latency delays every answer by at least that long', async () => {
    await fetch(`${h.sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 60 }) });
    try {
      const started = performance.now();
      expect(await client.getOk()).toBe('OK');
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await fetch(`${h.sim.url}/_sim/faults`, { method: 'DELETE' });
    }
  });

  test('open orders page through next_cursor until LTE=', async () => {
    const paged = await startSim({ ordersPageSize: 2 });
    try {
      const market = paged.sim.exchange.markets[0]!;
      const token = market.tokens[0]!.tokenId;
      const t = await trader(paged.sim, generatePrivateKey(), { collateral: '100000000' });
      for (const price of [0.1, 0.11, 0.12, 0.13, 0.14]) await t.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.BUY });
      const all = await t.client.getOpenOrders({ asset_id: token });
      expect(all.map((o) => o.price).sort()).toEqual(['0.1', '0.11', '0.12', '0.13', '0.14']);
      const first = await t.client.getOpenOrders({ asset_id: token }, true);
      expect(first.length).toBe(2);
    } finally {
      await paged.stop();
    }
  });
});
