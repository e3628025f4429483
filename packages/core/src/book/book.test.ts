import { describe, expect, test } from 'bun:test';
import { bookOf, levels } from './book-fixture.ts';
import { createOrderBook } from './order-book.ts';
import { bestAsk, bestBid, isCrossed, midpointMicros, spreadMicros, visibleDepth } from './queries.ts';
import { inferTickSize, isOnTick, isPriceInRange, isValidOrderPrice, isValidTickSize } from './tick.ts';
import { applyLevelUpdate } from './update.ts';

describe('createOrderBook', () => {
  test('sorts bids descending and asks ascending, merging equal prices and dropping empty levels', () => {
    const r = createOrderBook({
      tokenId: 't',
      bids: levels([['0.48', '30'], ['0.50', '10'], ['0.49', '5'], ['0.50', '2'], ['0.47', '0']]),
      asks: levels([['0.55', '1'], ['0.52', '25'], ['0.53', '3']]),
      tickSizeMicros: 10_000,
      timestampMs: 1,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.bids.map((l) => l.priceMicros)).toEqual([500_000, 490_000, 480_000]);
    expect(r.value.bids[0]?.sizeMicros).toBe(12_000_000);
    expect(r.value.asks.map((l) => l.priceMicros)).toEqual([520_000, 530_000, 550_000]);
    expect(r.value.minOrderSizeMicros).toBe(0);
  });

  test('refuses a non-standard tick, off-tick prices, prices outside (0, 1) and bad sizes', () => {
    const base = { tokenId: 't', bids: [], asks: [], timestampMs: 0 };
    const reason = (input: Parameters<typeof createOrderBook>[0]) => {
      const r = createOrderBook(input);
      return r.ok ? 'ok' : r.error.reason;
    };
    expect(reason({ ...base, tickSizeMicros: 5_000 })).toBe('invalid_tick_size');
    expect(reason({ ...base, tickSizeMicros: 10_000, bids: [{ priceMicros: 505_000, sizeMicros: 1 }] })).toBe('off_tick');
    expect(reason({ ...base, tickSizeMicros: 10_000, asks: [{ priceMicros: 1_000_000, sizeMicros: 1 }] })).toBe('price_out_of_range');
    expect(reason({ ...base, tickSizeMicros: 10_000, asks: [{ priceMicros: 0, sizeMicros: 1 }] })).toBe('price_out_of_range');
    expect(reason({ ...base, tickSizeMicros: 10_000, asks: [{ priceMicros: 500_000, sizeMicros: -1 }] })).toBe('invalid_size');
    expect(reason({ ...base, tickSizeMicros: 10_000, asks: [{ priceMicros: 500_000, sizeMicros: 0.5 }] })).toBe('invalid_size');
  });
});

describe('book queries', () => {
  const book = bookOf({ bids: [['0.48', '30'], ['0.47', '100']], asks: [['0.52', '25'], ['0.55', '10']] });

  test('reads best bid and ask, midpoint and spread', () => {
    expect(bestBid(book)?.priceMicros).toBe(480_000);
    expect(bestAsk(book)?.priceMicros).toBe(520_000);
    expect(midpointMicros(book)).toBe(500_000);
    expect(spreadMicros(book)).toBe(40_000);
    expect(isCrossed(book)).toBe(false);
  });

  test('computes a midpoint between ticks exactly and has none for a one-sided book', () => {
    const odd = bookOf({ tick: '0.0001', bids: [['0.4801', '1']], asks: [['0.4804', '1']] });
    expect(midpointMicros(odd)).toBe(480_250);
    expect(midpointMicros(bookOf({ bids: [['0.48', '1']] }))).toBeUndefined();
    expect(spreadMicros(bookOf({ asks: [['0.48', '1']] }))).toBeUndefined();
  });

  test('sums visible depth per side', () => {
    expect(visibleDepth(book, 'bids')).toEqual({ levels: 2, sharesMicros: 130_000_000, notionalMicros: 61_400_000 });
    expect(visibleDepth(book, 'asks')).toEqual({ levels: 2, sharesMicros: 35_000_000, notionalMicros: 18_500_000 });
  });
});

describe('ticks', () => {
  test('knows the four tick sizes and the valid price range', () => {
    expect([100_000, 10_000, 1_000, 100].every(isValidTickSize)).toBe(true);
    expect(isValidTickSize(5_000)).toBe(false);
    expect(isOnTick(530_000, 10_000)).toBe(true);
    expect(isOnTick(531_000, 10_000)).toBe(false);
    expect(isPriceInRange(10_000, 10_000)).toBe(true);
    expect(isPriceInRange(995_000, 10_000)).toBe(false);
    expect(isValidOrderPrice(990_000, 10_000)).toBe(true);
    expect(isValidOrderPrice(1_000, 10_000)).toBe(false);
  });

  test('infers the coarsest tick the prices sit on', () => {
    expect(inferTickSize([100_000, 500_000])).toBe(100_000);
    expect(inferTickSize([10_000, 60_000, 380_000])).toBe(10_000);
    expect(inferTickSize([999_000, 10_000])).toBe(1_000);
    expect(inferTickSize([1_234])).toBe(100);
  });
});

describe('applyLevelUpdate', () => {
  const book = bookOf({ bids: [['0.48', '30'], ['0.46', '5']], asks: [['0.52', '25']] });

  test('inserts, replaces and removes levels keeping the order', () => {
    const inserted = applyLevelUpdate(book, { side: 'bids', priceMicros: 470_000, sizeMicros: 7_000_000 });
    expect(inserted.ok && inserted.value.bids.map((l) => l.priceMicros)).toEqual([480_000, 470_000, 460_000]);
    const replaced = applyLevelUpdate(book, { side: 'asks', priceMicros: 520_000, sizeMicros: 1_000_000 }, 9);
    expect(replaced.ok && replaced.value.asks).toEqual([{ priceMicros: 520_000, sizeMicros: 1_000_000 }]);
    expect(replaced.ok && replaced.value.timestampMs).toBe(9);
    const removed = applyLevelUpdate(book, { side: 'bids', priceMicros: 480_000, sizeMicros: 0 });
    expect(removed.ok && removed.value.bids.map((l) => l.priceMicros)).toEqual([460_000]);
    expect(book.bids).toHaveLength(2);
  });

  test('refuses an off-tick update', () => {
    expect(applyLevelUpdate(book, { side: 'bids', priceMicros: 471_000, sizeMicros: 1 }).ok).toBe(false);
  });
});
