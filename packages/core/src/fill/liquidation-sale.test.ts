import { describe, expect, test } from 'bun:test';
import { bookOf } from '../book/book-fixture.ts';
import { FlatFeeModel } from '../fees/flat-fee-model.ts';
import { liquidationSale } from './liquidation-sale.ts';

// bids 30 @ 0.48, 40 @ 0.47, 100 @ 0.45 (170 shares)
const book = bookOf({ asks: [['0.52', '25']], bids: [['0.48', '30'], ['0.47', '40'], ['0.45', '100']], tick: '0.01', minOrderSize: '5' });
const feeModel = new FlatFeeModel();

describe('liquidationSale', () => {
  test('sells the whole holding as a FOK walking the bids, limit at the worst bid touched', () => {
    const sale = liquidationSale({ tokenId: 't', sharesMicros: 50_000_000 }, book, { feeModel });
    if (sale.kind === 'none') throw new Error(sale.reason);
    expect(sale.kind).toBe('full');
    expect(sale.timeInForce).toBe('FOK');
    expect(sale.sharesMicros).toBe(50_000_000);
    // 30 × 0.48 = 14.40; 20 × 0.47 = 9.40 → 23.80, fee 2 % = 0.476
    expect(sale.fill.notionalMicros).toBe(23_800_000);
    expect(sale.fill.feeMicros).toBe(476_000);
    expect(sale.fill.cashDeltaMicros).toBe(23_324_000);
    expect(sale.limitPriceMicros).toBe(470_000);
    expect(sale.remainingSharesMicros).toBe(0);
  });

  test('cuts the size to 2 decimals and leaves the dust as remaining', () => {
    const sale = liquidationSale({ tokenId: 't', sharesMicros: 10_123_456 }, book, { feeModel });
    if (sale.kind === 'none') throw new Error(sale.reason);
    expect(sale.kind).toBe('full');
    expect(sale.sharesMicros).toBe(10_120_000);
    expect(sale.remainingSharesMicros).toBe(3_456);
    // 10.12 × 0.48 = 4.8576
    expect(sale.fill.notionalMicros).toBe(4_857_600);
  });

  test('a thin book is a partial (FAK) sale of the visible depth with the rest remaining', () => {
    const sale = liquidationSale({ tokenId: 't', sharesMicros: 200_000_000 }, book, { feeModel });
    if (sale.kind === 'none') throw new Error(sale.reason);
    expect(sale.kind).toBe('partial');
    expect(sale.timeInForce).toBe('FAK');
    expect(sale.sharesMicros).toBe(170_000_000);
    expect(sale.remainingSharesMicros).toBe(30_000_000);
    expect(sale.limitPriceMicros).toBe(450_000);
    // 14.40 + 18.80 + 45.00
    expect(sale.fill.notionalMicros).toBe(78_200_000);
  });

  test('nothing to sell is a value with a code', () => {
    const empty = bookOf({ asks: [['0.52', '25']], bids: [], tick: '0.01', minOrderSize: '5' });
    expect(liquidationSale({ tokenId: 't', sharesMicros: 50_000_000 }, empty, { feeModel })).toMatchObject({ kind: 'none', code: 'empty_book', remainingSharesMicros: 50_000_000 });
    expect(liquidationSale({ tokenId: 't', sharesMicros: 4_000_000 }, book, { feeModel })).toMatchObject({ kind: 'none', code: 'below_min_order_size' });
    expect(liquidationSale({ tokenId: 't', sharesMicros: 9_999 }, book, { feeModel })).toMatchObject({ kind: 'none', code: 'dust_only', remainingSharesMicros: 9_999 });
    const tiny = bookOf({ asks: [['0.52', '25']], bids: [['0.48', '2']], tick: '0.01', minOrderSize: '5' });
    expect(liquidationSale({ tokenId: 't', sharesMicros: 50_000_000 }, tiny, { feeModel })).toMatchObject({ kind: 'none', code: 'book_too_thin', remainingSharesMicros: 50_000_000 });
  });
});
