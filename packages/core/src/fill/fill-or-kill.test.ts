import { describe, expect, test } from 'bun:test';
import { bookOf } from '../book/book-fixture.ts';
import { FlatFeeModel } from '../fees/flat-fee-model.ts';
import { PolymarketFeeModel } from '../fees/polymarket-fee-model.ts';
import type { Result } from '../result.ts';
import { BookWalkFillModel } from './fill-model.ts';
import { fillOrKill } from './fill-or-kill.ts';
import type { FokFill, FokRejection } from './types.ts';

// asks 25 @ 0.52, 50 @ 0.53, 100 @ 0.55 (175 shares, cost 94.50); bids 30 @ 0.48, 40 @ 0.47, 100 @ 0.45 (170 shares)
const book = bookOf({
  asks: [['0.52', '25'], ['0.53', '50'], ['0.55', '100']],
  bids: [['0.48', '30'], ['0.47', '40'], ['0.45', '100']],
  tick: '0.01',
  minOrderSize: '5',
});
const flat = new FlatFeeModel();

function filled(r: Result<FokFill, FokRejection>): FokFill {
  if (!r.ok) throw new Error(`expected a fill, got ${r.error.code}: ${r.error.reason}`);
  return r.value;
}
function rejected(r: Result<FokFill, FokRejection>): FokRejection {
  if (r.ok) throw new Error('expected a rejection');
  return r.error;
}

describe('fillOrKill BUY by shares', () => {
  test('walks two ask levels with exact average price, fee, slippage and impact', () => {
    const f = filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 50_000_000 }, { feeModel: flat }));
    // 25 × 0.52 = 13.00; 25 × 0.53 = 13.25
    expect(f.legs).toEqual([
      { priceMicros: 520_000, sharesMicros: 25_000_000, notionalMicros: 13_000_000, feeMicros: 260_000 },
      { priceMicros: 530_000, sharesMicros: 25_000_000, notionalMicros: 13_250_000, feeMicros: 265_000 },
    ]);
    expect(f.sharesMicros).toBe(50_000_000);
    expect(f.notionalMicros).toBe(26_250_000);
    expect(f.averagePriceMicros).toBe(525_000); // 26.25 / 50
    expect(f.feeMicros).toBe(525_000); // 2 % of 26.25
    expect(f.cashDeltaMicros).toBe(-26_775_000);
    expect(f.bestPriceMicros).toBe(520_000);
    expect(f.worstPriceMicros).toBe(530_000);
    expect(f.slippageBps).toBe(97); // (0.525 − 0.52) / 0.52 = 96.15 bps, rounded up
    expect(f.marketImpactBps).toBe(2858); // 50 / 175 = 2857.14 bps, rounded up
    expect(f.visibleDepthSharesMicros).toBe(175_000_000);
    expect(f.feeModel).toBe('flat');
  });

  test('prices the fee per level with the Polymarket model', () => {
    const model = new PolymarketFeeModel({ rateMicros: 40_000, exponent: 1, takerOnly: true });
    const f = filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 50_000_000 }, { feeModel: model }));
    // 25 × 0.04 × 0.52 × 0.48 = 0.2496; 25 × 0.04 × 0.53 × 0.47 = 0.2491
    expect(f.legs.map((l) => l.feeMicros)).toEqual([249_600, 249_100]);
    expect(f.feeMicros).toBe(498_700);
    expect(f.cashDeltaMicros).toBe(-26_748_700);
  });

  test('has zero slippage inside the best level', () => {
    const f = filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 10_000_000 }, { feeModel: flat }));
    expect(f.slippageBps).toBe(0);
    expect(f.averagePriceMicros).toBe(520_000);
    expect(f.legs).toHaveLength(1);
  });

  test('rejects a FOK buy when visible depth is short', () => {
    const r = rejected(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 175_000_001 }, { feeModel: flat }));
    expect(r.code).toBe('insufficient_depth');
    expect(r.details?.availableSharesMicros).toBe(175_000_000);
    expect(filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 175_000_000 }, { feeModel: flat })).worstPriceMicros).toBe(550_000);
  });

  test('stops at the limit price and says so when deeper levels could have filled', () => {
    const r = rejected(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 50_000_000, limitPriceMicros: 520_000 }, { feeModel: flat }));
    expect(r.code).toBe('limit_price_reached');
    const f = filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 50_000_000, limitPriceMicros: 530_000 }, { feeModel: flat }));
    expect(f.worstPriceMicros).toBe(530_000);
    const deep = rejected(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 500_000_000, limitPriceMicros: 530_000 }, { feeModel: flat }));
    expect(deep.code).toBe('insufficient_depth');
  });

  test('refuses a limit price off the tick or outside [tick, 1 − tick]', () => {
    for (const limitPriceMicros of [525_000, 995_000, 0]) {
      const r = rejected(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 5_000_000, limitPriceMicros }, { feeModel: flat }));
      expect(r.code).toBe('invalid_limit_price');
    }
  });

  test('respects the minimum order size of the book or of the caller', () => {
    expect(rejected(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 4_990_000 }, { feeModel: flat })).code).toBe('below_min_order_size');
    expect(filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 5_000_000 }, { feeModel: flat })).sharesMicros).toBe(5_000_000);
    expect(filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 1_000_000 }, { feeModel: flat, minOrderSizeMicros: 0 })).sharesMicros).toBe(1_000_000);
  });

  test('refuses sizes that are not positive whole micros', () => {
    expect(rejected(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 0 }, { feeModel: flat })).code).toBe('invalid_request');
    expect(rejected(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 1.5 }, { feeModel: flat })).code).toBe('invalid_request');
    expect(rejected(fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: -5 }, { feeModel: flat })).code).toBe('invalid_request');
  });
});

describe('fillOrKill BUY by amount', () => {
  test('spends the amount exactly when it ends on a level boundary', () => {
    const f = filled(fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: 26_250_000 }, { feeModel: flat }));
    expect(f.sharesMicros).toBe(50_000_000);
    expect(f.notionalMicros).toBe(26_250_000);
    expect(f.averagePriceMicros).toBe(525_000);
    expect(f.feeMicros).toBe(525_000);
  });

  test('buys a partial level with the remainder and leaves only dust', () => {
    // $30: 25 @ 0.52 = 13.00, then 17.00 / 0.53 = 32.075471 shares (floored to the micro-share)
    const f = filled(fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: 30_000_000 }, { feeModel: flat }));
    expect(f.legs.map((l) => [l.sharesMicros, l.notionalMicros])).toEqual([
      [25_000_000, 13_000_000],
      [32_075_471, 17_000_000], // 16.99999963 rounded up against the taker
    ]);
    expect(f.sharesMicros).toBe(57_075_471);
    expect(f.notionalMicros).toBe(30_000_000);
    // Σ shares×price = 29.99999963 → / 57.075471 = 0.5256198… → 525_620
    expect(f.averagePriceMicros).toBe(525_620);
    expect(f.slippageBps).toBe(109); // 108.07 bps rounded up
    expect(f.feeMicros).toBe(260_000 + 340_000);
  });

  test('rejects an amount larger than the whole visible ask side', () => {
    expect(filled(fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: 94_500_000 }, { feeModel: flat })).sharesMicros).toBe(175_000_000);
    const r = rejected(fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: 94_500_001 }, { feeModel: flat }));
    expect(r.code).toBe('insufficient_depth');
  });

  test('rejects an amount that buys fewer shares than the minimum, or less than the minimum notional', () => {
    // $2 / 0.52 = 3.85 shares < 5
    expect(rejected(fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: 2_000_000 }, { feeModel: flat })).code).toBe('below_min_order_size');
    const r = fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: 2_000_000 }, { feeModel: flat, minOrderSizeMicros: 0, minNotionalMicros: 2_500_000 });
    expect(rejected(r).code).toBe('below_min_notional');
  });
});

describe('fillOrKill SELL', () => {
  test('walks bid levels with exact average price, fee, slippage and impact', () => {
    const f = filled(fillOrKill(book, { side: 'SELL', by: 'shares', sharesMicros: 50_000_000 }, { feeModel: flat }));
    // 30 × 0.48 = 14.40; 20 × 0.47 = 9.40
    expect(f.legs.map((l) => [l.priceMicros, l.sharesMicros, l.notionalMicros, l.feeMicros])).toEqual([
      [480_000, 30_000_000, 14_400_000, 288_000],
      [470_000, 20_000_000, 9_400_000, 188_000],
    ]);
    expect(f.notionalMicros).toBe(23_800_000);
    expect(f.averagePriceMicros).toBe(476_000);
    expect(f.feeMicros).toBe(476_000);
    expect(f.cashDeltaMicros).toBe(23_324_000);
    expect(f.slippageBps).toBe(84); // (0.48 − 0.476) / 0.48 = 83.33 bps, rounded up
    expect(f.marketImpactBps).toBe(2942); // 50 / 170
  });

  test('rounds a SELL leg notional down against the taker', () => {
    // 0.000001 share × 0.48 = 0.00000048 → 0 micros
    const f = filled(fillOrKill(book, { side: 'SELL', by: 'shares', sharesMicros: 1 }, { feeModel: flat, minOrderSizeMicros: 0 }));
    expect(f.notionalMicros).toBe(0);
    const b = filled(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 1 }, { feeModel: flat, minOrderSizeMicros: 0 }));
    expect(b.notionalMicros).toBe(1);
  });

  test('rejects a sell deeper than the bids, below the limit, or into an empty side', () => {
    expect(rejected(fillOrKill(book, { side: 'SELL', by: 'shares', sharesMicros: 170_000_001 }, { feeModel: flat })).code).toBe('insufficient_depth');
    expect(rejected(fillOrKill(book, { side: 'SELL', by: 'shares', sharesMicros: 40_000_000, limitPriceMicros: 480_000 }, { feeModel: flat })).code).toBe(
      'limit_price_reached',
    );
    const oneSided = bookOf({ asks: [['0.52', '25']] });
    expect(rejected(fillOrKill(oneSided, { side: 'SELL', by: 'shares', sharesMicros: 5_000_000 }, { feeModel: flat })).code).toBe('empty_book');
  });
});

describe('BookWalkFillModel', () => {
  test('simulates through fillOrKill with the injected fee model', () => {
    const model = new BookWalkFillModel({ feeModel: flat });
    const f = filled(model.simulate(book, { side: 'SELL', by: 'shares', sharesMicros: 30_000_000 }));
    expect(f.notionalMicros).toBe(14_400_000);
    expect(model.kind).toBe('book-walk');
  });
});
