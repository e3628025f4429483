import { describe, expect, test } from 'bun:test';
import { createOrderBook } from '../book/order-book.ts';
import { FlatFeeModel } from '../fees/flat-fee-model.ts';
import { fitBuyToBudget } from './fit-buy-to-budget.ts';
import { amountStepMicros, fillOrKillOnVenue, roundFokRequest } from './venue-precision.ts';

const book = (() => {
  const r = createOrderBook({
    tokenId: '1',
    tickSizeMicros: 10_000,
    minOrderSizeMicros: 5_000_000,
    timestampMs: 0,
    bids: [{ priceMicros: 480_000, sizeMicros: 100_000_000 }],
    asks: [
      { priceMicros: 520_000, sizeMicros: 10_000_000 },
      { priceMicros: 530_000, sizeMicros: 100_000_000 },
    ],
  });
  if (!r.ok) throw r.error;
  return r.value;
})();
const noFee = new FlatFeeModel({ takerFeeBps: 0 });

describe('V2 precision of paper fills', () => {
  test('cuts a buy amount and a sell size to 2 decimals, as the client does', () => {
    expect(roundFokRequest({ side: 'BUY', by: 'amount', amountMicros: 10_123_456 })).toMatchObject({ amountMicros: 10_120_000 });
    expect(roundFokRequest({ side: 'SELL', by: 'shares', sharesMicros: 7_899_999 })).toMatchObject({ sharesMicros: 7_890_000 });
    expect([10_000, 1_000, 100_000].map(amountStepMicros)).toEqual([100, 10, 1_000]);
  });

  test('a buy spends its whole 2-decimal amount and gets whole cents of shares (worked by hand)', () => {
    // 10 shares at 0.52 = 5.20; 4.80 left buys 9.056603… at 0.53 → 19.05 shares for 10.00.
    const r = fillOrKillOnVenue(book, { side: 'BUY', by: 'amount', amountMicros: 10_004_999 }, { feeModel: noFee });
    expect(r.ok && { s: r.value.sharesMicros, n: r.value.notionalMicros, cash: r.value.cashDeltaMicros, avg: r.value.averagePriceMicros }).toEqual({
      s: 19_050_000,
      n: 10_000_000,
      cash: -10_000_000,
      avg: 524_934,
    });
  });

  test('a sell receives collateral cut to the tick’s amount decimals', () => {
    const r = fillOrKillOnVenue(book, { side: 'SELL', by: 'shares', sharesMicros: 10_333_333 }, { feeModel: noFee });
    // 10.33 × 0.48 = 4.9584 (4 decimals at tick 0.01).
    expect(r.ok && [r.value.sharesMicros, r.value.notionalMicros]).toEqual([10_330_000, 4_958_400]);
  });

  test('refuses a marketable buy under $1 and a fill under the minimum size', () => {
    const tiny = fillOrKillOnVenue(book, { side: 'BUY', by: 'amount', amountMicros: 999_999 }, { feeModel: noFee });
    expect(!tiny.ok && tiny.error.code).toBe('below_min_notional');
    const small = fillOrKillOnVenue(book, { side: 'BUY', by: 'amount', amountMicros: 2_000_000 }, { feeModel: noFee });
    expect(!small.ok && small.error.code).toBe('below_min_order_size');
  });

  test('fits a buy and its fee into a budget, starting from the client’s fee adjustment', () => {
    const fee = new FlatFeeModel({ takerFeeBps: 200 });
    const amount = fitBuyToBudget({ book, amountMicros: 50_000_000, budgetMicros: 10_000_000, feeModel: fee });
    expect(amount).toBe(9_800_000);
    const r = fillOrKillOnVenue(book, { side: 'BUY', by: 'amount', amountMicros: amount }, { feeModel: fee });
    expect(r.ok && -r.value.cashDeltaMicros).toBeLessThanOrEqual(10_000_000);
  });
});
