import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { AssetType, ClobClient, Side } from '@polymarket/clob-client-v2';
import { generatePrivateKey } from 'viem/accounts';
import { emptyMarket, startSim, trader, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim();
});
afterAll(() => h.stop());
afterEach(async () => {
  await fetch(`${h.sim.url}/_sim/faults`, { method: 'DELETE' });
});

const setFaults = (body: Record<string, unknown>) =>
  fetch(`${h.sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);

describe('fault injection', () => {
  test('rate limiting answers 429 with Retry-After and X-RateLimit headers until the window passes', async () => {
    await setFaults({ rateLimit: 2, rateLimitWindowMs: 10_000 });
    expect((await fetch(`${h.sim.url}/time`)).status).toBe(200);
    expect((await fetch(`${h.sim.url}/time`)).status).toBe(200);
    const limited = await fetch(`${h.sim.url}/time`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: 'Too Many Requests' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    h.clock.advance(10_000);
    expect((await fetch(`${h.sim.url}/time`)).status).toBe(200);
  });

  test('an error rate of 1 answers every request with the chosen 5xx; the client sees the status', async () => {
    await setFaults({ errorRate: 1, errorStatus: 503 });
    const client = new ClobClient({ host: h.sim.url, chain: 137 });
    expect(await client.getOk()).toEqual({ error: 'internal error (injected fault)', status: 503 } as never);
  });

  test('a dropped connection reaches the client as a network error without a status', async () => {
    await setFaults({ dropRate: 1 });
    const client = new ClobClient({ host: h.sim.url, chain: 137 });
    const res = (await client.getOk()) as unknown as Record<string, unknown>;
    expect(typeof res['error']).toBe('string');
    expect(res['status']).toBeUndefined();
  });

  test('cancel-only mode refuses new orders with 503 but still cancels', async () => {
    const m = await emptyMarket(h.sim);
    const t = await trader(h.sim, generatePrivateKey(), { collateral: '100000000' });
    const live = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.4, size: 10, side: Side.BUY });
    await setFaults({ tradingMode: 'cancel-only' });
    expect(await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.4, size: 10, side: Side.BUY })).toEqual({
      error: 'Trading is currently cancel-only. New orders are not accepted, but cancels are allowed.',
      status: 503,
    } as never);
    expect(await t.client.cancelOrder({ orderID: live.orderID })).toEqual({ canceled: [live.orderID], not_canceled: {} });
    await setFaults({ tradingMode: 'paused' });
    const paused = (await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.4, size: 10, side: Side.BUY })) as unknown as { status: number };
    expect(paused.status).toBe(425);
  });

  test('a failing settlement moves RETRYING → FAILED and reverts the transfers', async () => {
    const m = await emptyMarket(h.sim);
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '100000000' } });
    const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '100000000' });
    await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.SELL });
    await setFaults({ settlementFailureRate: 1 });
    const fill = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    const id = fill.tradeIDs![0]!;
    expect((await buyer.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance).toBe('95000000');
    h.clock.advance(2_000);
    expect((await buyer.client.getTrades({ id }))[0]!.status).toBe('RETRYING');
    h.clock.advance(8_000);
    expect((await buyer.client.getTrades({ id }))[0]!.status).toBe('FAILED');
    expect((await buyer.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance).toBe('100000000');
    expect((await seller.client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: m.yes })).balance).toBe('100000000');
  });

  test('ws-disconnect drops every WebSocket connection', async () => {
    const socket = new WebSocket(`${h.sim.wsUrl}/ws/market`);
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    const m = await emptyMarket(h.sim);
    const first = new Promise((resolve) => socket.addEventListener('message', resolve, { once: true }));
    socket.send(JSON.stringify({ assets_ids: [m.yes], type: 'market' }));
    await first;
    const closed = new Promise<number>((resolve) => socket.addEventListener('close', (e) => resolve(e.code)));
    const res = await fetch(`${h.sim.url}/_sim/faults/ws-disconnect`, { method: 'POST' }).then((r) => r.json());
    expect(res).toEqual({ disconnected: 1 });
    expect(await closed).toBe(1012);
  });
});
