import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ClobClient, PriceHistoryInterval, Side } from '@polymarket/clob-client-v2';
import { createExchange } from '../src/index.ts';
import { emptyMarket, startSim, trader, TEST_KEYS, type Harness } from './harness.ts';

let h: Harness;
let client: ClobClient;

beforeAll(async () => {
  h = await startSim({ marketsPageSize: 2 });
  client = new ClobClient({ host: h.sim.url, chain: 137 });
});
afterAll(() => h.stop());

describe('public data through the official client', () => {
  test('answers version 2, ok and the server time in unix seconds', async () => {
    expect(await client.getVersion()).toBe(2);
    expect(await client.getOk()).toBe('OK');
    expect(await client.getServerTime()).toBe(Math.floor(h.clock.now().getTime() / 1000));
  });

  test('pages markets with MA== … LTE= cursors and returns every seeded market once', async () => {
    const ids: string[] = [];
    let cursor = 'MA==';
    while (cursor !== 'LTE=') {
      const page = await client.getMarkets(cursor);
      expect(page.limit).toBe(2);
      ids.push(...page.data.map((m: { condition_id: string }) => m.condition_id));
      cursor = page.next_cursor;
    }
    expect(ids.length).toBe(h.sim.exchange.markets.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await client.getMarkets('LTE=')).data).toEqual([]);
  });

  test('seeds a binary market, a multi-outcome neg-risk event and a position market, the same for the same seed', () => {
    const kinds = h.sim.exchange.markets.map((m) => m.kind);
    expect(kinds).toContain('binary');
    expect(kinds.filter((k) => k === 'neg-risk').length).toBeGreaterThanOrEqual(2);
    expect(kinds).toContain('position');
    const again = createExchange({ seed: 7 });
    const other = createExchange({ seed: 8 });
    expect(again.markets.map((m) => m.conditionId)).toEqual(h.sim.exchange.markets.map((m) => m.conditionId));
    expect(again.markets.map((m) => [...m.fairValueMicros.values()])).toEqual(h.sim.exchange.markets.map((m) => [...m.fairValueMicros.values()]));
    expect(other.markets[0]?.fairValueMicros).not.toEqual(again.markets[0]?.fairValueMicros);
  });

  test('serves a market, its clob market info and the market of a token', async () => {
    const negRisk = h.sim.exchange.markets.find((m) => m.kind === 'neg-risk')!;
    const market = await client.getMarket(negRisk.conditionId);
    expect(market.condition_id).toBe(negRisk.conditionId);
    expect(market.neg_risk).toBe(true);
    expect(market.tokens.length).toBe(2);
    const info = await client.getClobMarketInfo(negRisk.conditionId);
    expect(info.t.map((t) => t.t)).toEqual(negRisk.tokens.map((t) => t.tokenId));
    expect(info.mts.toString()).toBe('0.01');
    expect(info.nr).toBe(true);
    const binary = h.sim.exchange.markets.find((m) => m.kind === 'binary')!;
    const binaryInfo = await client.getClobMarketInfo(binary.conditionId);
    expect('nr' in binaryInfo).toBe(false);
    expect(binaryInfo.fd).toEqual({ r: 0.02, e: 1, to: true });
    const token = negRisk.tokens[0]!.tokenId;
    const byToken = (await fetch(`${h.sim.url}/markets-by-token/${token}`).then((r) => r.json())) as { condition_id: string };
    expect(byToken.condition_id).toBe(negRisk.conditionId);
    const missing = await client.getMarket('0xdead');
    expect(missing).toEqual({ error: 'market not found', status: 404 });
  });

  test('serves books with best levels last and a hash the client reproduces', async () => {
    const token = h.sim.exchange.markets[0]!.tokens[0]!.tokenId;
    const book = await client.getOrderBook(token);
    expect(Object.keys(book)).toEqual(['market', 'asset_id', 'timestamp', 'hash', 'bids', 'asks', 'min_order_size', 'tick_size', 'neg_risk', 'last_trade_price']);
    const bidPrices = book.bids.map((l) => Number(l.price));
    const askPrices = book.asks.map((l) => Number(l.price));
    expect(bidPrices).toEqual([...bidPrices].sort((a, b) => a - b));
    expect(askPrices).toEqual([...askPrices].sort((a, b) => b - a));
    const hash = book.hash;
    expect(await client.getOrderBookHash({ ...book })).toBe(hash);
    const books = await client.getOrderBooks([{ token_id: token, side: Side.BUY }]);
    expect(books[0]?.asset_id).toBe(token);
  });

  test('prices, midpoints, spreads and last trade prices agree with the book', async () => {
    const token = h.sim.exchange.markets[0]!.tokens[0]!.tokenId;
    const book = await client.getOrderBook(token);
    const bestBid = book.bids.at(-1)!.price;
    const bestAsk = book.asks.at(-1)!.price;
    expect(await client.getPrice(token, 'BUY')).toEqual({ price: bestBid });
    expect(await client.getPrice(token, 'SELL')).toEqual({ price: bestAsk });
    expect(await client.getPrices([{ token_id: token, side: Side.BUY }])).toEqual({ [token]: { BUY: bestBid } });
    const mid = (Number(bestBid) + Number(bestAsk)) / 2;
    expect(Number((await client.getMidpoint(token)).mid)).toBeCloseTo(mid, 6);
    expect(Number((await client.getMidpoints([{ token_id: token, side: Side.BUY }]))[token])).toBeCloseTo(mid, 6);
    expect(Number((await client.getSpread(token)).spread)).toBeCloseTo(Number(bestAsk) - Number(bestBid), 6);
    expect(Number((await client.getSpreads([{ token_id: token, side: Side.BUY }]))[token])).toBeCloseTo(Number(bestAsk) - Number(bestBid), 6);
    expect(await client.getLastTradePrice(token)).toEqual({ price: '0.5', side: '' });
    expect(await client.getLastTradesPrices([{ token_id: token, side: Side.BUY }])).toEqual([{ token_id: token, price: '0.5', side: '' }]);
  });

  test('answers tick size, neg-risk and fee rate as the client reads them', async () => {
    const position = h.sim.exchange.markets.find((m) => m.kind === 'position')!;
    const token = position.tokens[0]!.tokenId;
    const fresh = new ClobClient({ host: h.sim.url, chain: 137 });
    expect(await fresh.getTickSize(token)).toBe('0.001');
    expect(await fresh.getNegRisk(token)).toBe(false);
    expect(await fresh.getFeeRateBps(h.sim.exchange.markets[0]!.tokens[0]!.tokenId)).toBe(200);
  });

  test('answers an unknown token with 404 No orderbook exists', async () => {
    expect(await client.getOrderBook('123')).toEqual({ error: 'No orderbook exists for the requested token id', status: 404 } as never);
    expect(await client.getMidpoint('123')).toEqual({ error: 'No orderbook exists for the requested token id', status: 404 });
  });

  test('answers the client’s reward, builder-fee and live-activity calls so its loops end', async () => {
    expect(await client.getCurrentRewards()).toEqual([]);
    const builder = await fetch(`${h.sim.url}/fees/builder-fees/0x${'1'.repeat(64)}`).then((r) => r.json());
    expect(builder).toEqual({ builder_maker_fee_rate_bps: 0, builder_taker_fee_rate_bps: 0 });
    const t = await trader(h.sim, TEST_KEYS[1]!);
    expect(await t.client.getPreMigrationOrders()).toEqual([]);
    expect(await client.getMarketTradesEvents(h.sim.exchange.markets[0]!.conditionId)).toEqual([]);
  });

  test('serves a price history that ends at the last trade price', async () => {
    const m = await emptyMarket(h.sim);
    const maker = await trader(h.sim, TEST_KEYS[2]!, { tokens: { [m.yes]: '100000000' } });
    const taker = await trader(h.sim, TEST_KEYS[3]!, { collateral: '100000000' });
    await maker.client.createAndPostOrder({ tokenID: m.yes, price: 0.61, size: 10, side: Side.SELL });
    await taker.client.createAndPostOrder({ tokenID: m.yes, price: 0.61, size: 10, side: Side.BUY });
    h.clock.advance(120_000);
    // The client types this as MarketPrice[]; the exchange answers {history: [{t, p}]}.
    const history = (await client.getPricesHistory({ market: m.yes, interval: PriceHistoryInterval.ONE_HOUR, fidelity: 1 })) as unknown as { history: { t: number; p: number }[] };
    expect(history.history.length).toBeGreaterThan(10);
    expect(history.history.at(-1)!.p).toBe(0.61);
  });
});
