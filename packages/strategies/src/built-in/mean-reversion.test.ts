import { describe, expect, test } from 'bun:test';
import { input, level, midpoints, NO, now, token, YES } from '../../test/fixtures.ts';
import type { MeanReversionParams } from '../params.ts';
import { meanReversionStrategy } from './mean-reversion.ts';

const params: MeanReversionParams = { windowSize: 4, bandMicros: 20_000, orderAmountMicros: 10_000_000 };
const flat = midpoints(500_000, 500_000, 500_000, 500_000);
const decide = (tokens: Parameters<typeof input>[1], balance?: number, p: MeanReversionParams = params) =>
  meanReversionStrategy.decide(input(p, tokens, balance), now);

describe('mean-reversion', () => {
  test('buys when the best ask is below fair value minus the band, limit on the tick below', async () => {
    const book = { bids: [level(460_000, 100_000_000)], asks: [level(490_000, 100_000_000), level(470_000, 50_000_000), level(480_000, 10_000_000)] };
    const d = await decide([token({ book, midpoints: flat })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', tokenId: YES, amountMicros: 10_000_000, limitPriceMicros: 480_000, confidencePerMille: 750 });
    expect(d.reasoning).toContain('0.47');
  });

  test('rounds a fair value between ticks down to the tick for the buy limit', async () => {
    const book = { bids: [level(460_000, 100_000_000)], asks: [level(480_000, 100_000_000)] };
    // mean(500000, 500000, 510000, 505000) = 503750; 503750 − 20000 = 483750 → 480000
    const d = await decide([token({ book, midpoints: midpoints(500_000, 500_000, 510_000, 505_000) })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', limitPriceMicros: 480_000 });
  });

  test('averages only the last windowSize midpoints', async () => {
    const book = { bids: [level(460_000, 100_000_000)], asks: [level(470_000, 100_000_000)] };
    const d = await decide([token({ book, midpoints: midpoints(900_000, 900_000, 500_000, 500_000, 500_000, 500_000) })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', limitPriceMicros: 480_000 });
  });

  test('sizes a buy down to the ask depth inside the limit', async () => {
    const book = { bids: [], asks: [level(470_000, 10_000_000), level(490_000, 100_000_000)] };
    const d = await decide([token({ book, midpoints: flat })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', amountMicros: 4_700_000 });
  });

  test('sizes a buy down to the balance', async () => {
    const book = { bids: [], asks: [level(470_000, 100_000_000)] };
    const d = await decide([token({ book, midpoints: flat })], 3_000_000);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', amountMicros: 3_000_000 });
  });

  test('holds when the affordable buy is below the minimum order size', async () => {
    const book = { bids: [], asks: [level(470_000, 5_000_000)] };
    const d = await decide([token({ book, midpoints: flat })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'below_min_order_size' });
  });

  test('holds a buy signal without balance', async () => {
    const book = { bids: [], asks: [level(470_000, 100_000_000)] };
    const d = await decide([token({ book, midpoints: flat })], 0);
    expect(d).toMatchObject({ kind: 'hold', code: 'insufficient_balance' });
  });

  test('holds a buy signal once the position reaches its cap', async () => {
    const book = { bids: [], asks: [level(470_000, 100_000_000)] };
    const position = { sharesMicros: 50_000_000, avgEntryPriceMicros: 450_000 };
    const d = await decide([token({ book, midpoints: flat, position })], undefined, { ...params, maxPositionSharesMicros: 50_000_000 });
    expect(d).toMatchObject({ kind: 'hold', code: 'position_limit' });
  });

  test('sells the held shares when the best bid is above fair value plus the band', async () => {
    const book = { bids: [level(530_000, 100_000_000), level(540_000, 20_000_000)], asks: [level(560_000, 100_000_000)] };
    const position = { sharesMicros: 30_000_000, avgEntryPriceMicros: 450_000 };
    const d = await decide([token({ book, midpoints: flat, position })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'sell', tokenId: YES, sharesMicros: 30_000_000, limitPriceMicros: 520_000, confidencePerMille: 1000 });
  });

  test('holds a sell signal when there is no position to sell', async () => {
    const book = { bids: [level(540_000, 20_000_000)], asks: [level(560_000, 100_000_000)] };
    const d = await decide([token({ book, midpoints: flat })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'no_position' });
    expect(d.reasoning).toContain('no Yes shares to sell');
  });

  test('holds when prices sit inside the band', async () => {
    const d = await decide([token({ midpoints: flat })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'no_signal' });
  });

  test('holds without enough midpoint history', async () => {
    const d = await decide([token({ midpoints: midpoints(500_000, 500_000, 500_000) })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'insufficient_history' });
    expect(d.reasoning).toContain('3 of 4 midpoints');
  });

  test('holds on an empty book', async () => {
    const d = await decide([token({ book: { bids: [], asks: [] }, midpoints: flat })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'empty_book' });
  });

  test('prefers a sell on one outcome over a buy on another', async () => {
    const sell = token({
      book: { bids: [level(540_000, 20_000_000)], asks: [level(560_000, 100_000_000)] },
      midpoints: flat,
      position: { sharesMicros: 10_000_000, avgEntryPriceMicros: 400_000 },
    });
    const buy = token({ tokenId: NO, outcome: 'No', book: { bids: [], asks: [level(400_000, 100_000_000)] }, midpoints: flat });
    const d = await decide([buy, sell]);
    expect(d).toMatchObject({ kind: 'trade', side: 'sell', tokenId: YES });
  });

  test('decides the same way on the same input', async () => {
    const tokens = [token({ book: { bids: [], asks: [level(470_000, 100_000_000)] }, midpoints: flat })];
    expect(await decide(tokens)).toEqual(await decide(tokens));
  });

  test('holds with invalid_params on parameters that fail the schema', async () => {
    const d = await meanReversionStrategy.decide(input({ ...params, windowSize: 1 }, [token({ midpoints: flat })]), now);
    expect(d).toMatchObject({ kind: 'hold', code: 'invalid_params' });
  });
});
