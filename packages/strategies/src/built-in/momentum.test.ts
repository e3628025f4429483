import { describe, expect, test } from 'bun:test';
import { input, level, midpoints, now, token, trades, YES } from '../../test/fixtures.ts';
import type { MomentumParams } from '../params.ts';
import { lastRun, momentumStrategy } from './momentum.ts';

const params: MomentumParams = { source: 'midpoints', lookbackMoves: 3, thresholdMicros: 30_000, orderAmountMicros: 10_000_000, chaseTicks: 1 };
const book = { bids: [level(490_000, 25_000_000), level(480_000, 100_000_000)], asks: [level(540_000, 100_000_000)] };
const rising = midpoints(500_000, 510_000, 520_000, 530_000);
const falling = midpoints(530_000, 520_000, 510_000, 500_000);
const held = { sharesMicros: 40_000_000, avgEntryPriceMicros: 450_000 };
const decide = (tokens: Parameters<typeof input>[1], p: MomentumParams = params, balance?: number) =>
  momentumStrategy.decide(input(p, tokens, balance), now);

describe('momentum', () => {
  test('buys after K rising moves totalling the threshold, limit one tick above the best ask', async () => {
    const d = await decide([token({ book, midpoints: rising })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', tokenId: YES, amountMicros: 10_000_000, limitPriceMicros: 550_000, confidencePerMille: 500 });
  });

  test('sells the position after K falling moves, limit one tick below the best bid', async () => {
    const d = await decide([token({ book, midpoints: falling, position: held })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'sell', sharesMicros: 40_000_000, limitPriceMicros: 480_000 });
  });

  test('bounds a sell by maxSellSharesMicros', async () => {
    const d = await decide([token({ book, midpoints: falling, position: held })], { ...params, maxSellSharesMicros: 15_000_000 });
    expect(d).toMatchObject({ kind: 'trade', side: 'sell', sharesMicros: 15_000_000 });
  });

  test('bounds a buy by the order amount and the balance', async () => {
    const d = await decide([token({ book, midpoints: rising })], { ...params, orderAmountMicros: 8_000_000 }, 6_000_000);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', amountMicros: 6_000_000 });
  });

  test('holds a falling market when there is no position to sell', async () => {
    const d = await decide([token({ book, midpoints: falling })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'no_position' });
  });

  test('holds when the moves are mixed', async () => {
    const d = await decide([token({ book, midpoints: midpoints(500_000, 520_000, 510_000, 530_000) })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'no_signal' });
    expect(d.reasoning).toContain('mixed');
  });

  test('holds when the run is under the threshold', async () => {
    const d = await decide([token({ book, midpoints: midpoints(500_000, 505_000, 510_000, 515_000) })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'no_signal' });
  });

  test('looks only at the last K moves', async () => {
    const d = await decide([token({ book, midpoints: midpoints(700_000, 500_000, 510_000, 520_000, 530_000) })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy' });
  });

  test('reads trade prints when the source is trades', async () => {
    const d = await decide([token({ book, trades: trades(500_000, 510_000, 520_000, 540_000) })], { ...params, source: 'trades' });
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', confidencePerMille: 666 });
  });

  test('holds without enough history', async () => {
    const d = await decide([token({ book, midpoints: [] })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'insufficient_history' });
  });

  test('holds on an empty book', async () => {
    const d = await decide([token({ book: { bids: [], asks: [] }, midpoints: rising })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'empty_book' });
  });

  test('holds a rising market that has no asks to buy', async () => {
    const d = await decide([token({ book: { bids: book.bids, asks: [] }, midpoints: rising })]);
    expect(d).toMatchObject({ kind: 'hold', code: 'empty_book' });
  });

  test('keeps the chased limit inside the price range', async () => {
    const d = await decide([token({ book: { bids: [], asks: [level(990_000, 100_000_000)] }, midpoints: rising })]);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', limitPriceMicros: 990_000 });
  });

  test('lastRun reports direction and total move', () => {
    expect(lastRun([1, 2, 3, 4], 3, 3)).toEqual({ direction: 'up', moveMicros: 3 });
    expect(lastRun([4, 3, 2, 1], 3, 3)).toEqual({ direction: 'down', moveMicros: 3 });
    expect(lastRun([1, 2, 2, 3], 3, 1).direction).toBe('none');
  });
});
