/**
 * The data API's public trade tape (`GET /trades?market=`): the parser accepts the recorded capture, the
 * local exchange answers in the same shape for its own fills, and the HTTP adapter serves them to the
 * bots' market-data port oldest first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { InfrastructureError, ManualClock } from '@polymancer/core';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { Side } from '@polymarket/clob-client-v2';
import { readSharedJson, testWithSharedData } from '../../../test/shared-data.ts';
import { emptyMarket, TEST_KEYS, trader } from '../../../apps/clob-sim/test/harness.ts';
import { createPolymarketMarketData, parseDataApiTrades } from '../src/index.ts';

let sim: ClobSim;
beforeAll(async () => {
  sim = await createClobSim({ seed: 12, clock: new ManualClock(Date.now()), marketMakers: false });
}, 60_000);
afterAll(() => sim.stop());

describe('the data API trade tape', () => {
  testWithSharedData('the recorded /trades capture parses to exact integer prints, newest first', 'polymarket/trades', () => {
    const body = readSharedJson<unknown[]>('polymarket', 'trades', 'nt-py_data_api_trades_MIXED.json');
    const parsed = parseDataApiTrades(body);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value.length).toBe(body.length);
    expect(parsed.value[0]).toMatchObject({ side: 'sell', priceMicros: 998_000, sizeMicros: 5_400_000, timestampMs: 1_729_000_180_000, outcome: 'Yes' });
    expect(parsed.value[1]).toMatchObject({ side: 'buy', priceMicros: 520_000, sizeMicros: 94_370_000 });
  }, 120_000);

  test('a price finer than a micro or an unknown side is refused with its path', () => {
    const print = { side: 'BUY', asset: '1', conditionId: '0x01', size: 1, price: 0.5, timestamp: 1 };
    const fine = parseDataApiTrades([{ ...print, price: 0.1234567 }]);
    expect(fine.ok ? undefined : fine.error.path).toBe('$[0].price');
    const side = parseDataApiTrades([{ ...print, side: 'HOLD' }]);
    expect(side.ok ? undefined : side.error.path).toBe('$[0].side');
  }, 120_000);

  testWithSharedData('the local exchange lists its fills with the capture\'s fields, and the adapter reads them oldest first', 'polymarket/trades', async () => {
    const m = await emptyMarket(sim);
    const maker = await trader(sim, TEST_KEYS[2]!, { tokens: { [m.no]: '100000000' } });
    const taker = await trader(sim, TEST_KEYS[3]!, { collateral: '100000000' });
    await maker.client.createAndPostOrder({ tokenID: m.no, price: 0.3, size: 20, side: Side.SELL });
    await maker.client.createAndPostOrder({ tokenID: m.no, price: 0.35, size: 20, side: Side.SELL });
    await taker.client.createAndPostOrder({ tokenID: m.no, price: 0.3, size: 20, side: Side.BUY });
    await taker.client.createAndPostOrder({ tokenID: m.no, price: 0.35, size: 5, side: Side.BUY });

    const res = await fetch(`${sim.url}/data-api/trades?market=${m.conditionId}`);
    const served = (await res.json()) as Record<string, unknown>[];
    const captured = readSharedJson<Record<string, unknown>[]>('polymarket', 'trades', 'nt-py_data_api_trades_MIXED.json');
    expect(served.map((t) => Object.keys(t).sort())).toEqual(served.map(() => Object.keys(captured[0]!).sort()));
    expect(served.map((t) => [t['side'], t['price'], t['size'], t['asset'], t['outcome'], t['outcomeIndex'], t['proxyWallet']])).toEqual([
      ['BUY', 0.35, 5, m.no, 'No', 1, taker.address.toLowerCase()],
      ['BUY', 0.3, 20, m.no, 'No', 1, taker.address.toLowerCase()],
    ]);
    // Both sides of each fill without takerOnly; other markets and a side filter leave them out.
    expect(((await (await fetch(`${sim.url}/data-api/trades?market=${m.conditionId}&takerOnly=false`)).json()) as unknown[]).length).toBe(4);
    expect(await (await fetch(`${sim.url}/data-api/trades?market=${m.conditionId}&side=SELL`)).json()).toEqual([]);
    expect(await (await fetch(`${sim.url}/data-api/trades?market=0x${'00'.repeat(32)}`)).json()).toEqual([]);
    expect((await fetch(`${sim.url}/data-api/trades?limit=-1`)).status).toBe(400);

    const data = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, dataUrl: `${sim.url}/data-api` });
    const prints = await data.getRecentTrades?.(m.conditionId);
    expect(prints?.map((p) => [p.tokenId, p.side, p.priceMicros, p.sizeMicros])).toEqual([
      [m.no, 'buy', 300_000, 20_000_000],
      [m.no, 'buy', 350_000, 5_000_000],
    ]);
  }, 60_000);

  test('without a data API the adapter offers no tape, and a failing one is a retryable infrastructure error', async () => {
    expect(createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` }).getRecentTrades).toBeUndefined();
    const down = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, dataUrl: 'http://127.0.0.1:9/data-api', timeoutMs: 2_000 });
    const error = await down.getRecentTrades?.('0x01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).retryable).toBe(true);
    expect((error as Error).message).not.toContain('127.0.0.1');
  }, 120_000);
});
