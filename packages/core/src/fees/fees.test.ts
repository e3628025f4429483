import { describe, expect, test } from 'bun:test';
import { adjustBuyAmountForFees } from './adjust-buy-amount.ts';
import { createFeeModel } from './create-fee-model.ts';
import { FeeConfigError, type FeeInput } from './fee-model.ts';
import { FlatFeeModel } from './flat-fee-model.ts';
import { polymarketFeeMicros } from './polymarket-fee.ts';
import { PolymarketFeeModel } from './polymarket-fee-model.ts';

const taker = (priceMicros: number, sharesMicros: number, notionalMicros: number): FeeInput => ({
  side: 'BUY',
  priceMicros,
  sharesMicros,
  notionalMicros,
  liquidity: 'taker',
});

describe('FlatFeeModel', () => {
  test('charges 2 % of notional by default, rounded up to the micro', () => {
    const model = new FlatFeeModel();
    expect(model.feeMicros(taker(500_000, 20_000_000, 10_000_000))).toBe(200_000);
    // 2 % of 0.000049 = 0.00000098 → 1 micro (ceil)
    expect(model.feeMicros(taker(490_000, 100, 49))).toBe(1);
    expect(model.feeMicros({ ...taker(500_000, 2, 1), liquidity: 'maker' })).toBe(1);
  });

  test('takes a configurable rate and rounding', () => {
    const model = new FlatFeeModel({ takerFeeBps: 50, makerFeeBps: 0, rounding: 'floor' });
    expect(model.feeMicros(taker(500_000, 0, 12_345_678))).toBe(61_728); // 61_728.39 floored
    expect(model.feeMicros({ ...taker(500_000, 0, 12_345_678), liquidity: 'maker' })).toBe(0);
  });

  test('refuses rates that are not whole basis points in range', () => {
    expect(() => new FlatFeeModel({ takerFeeBps: 1.5 })).toThrow(FeeConfigError);
    expect(() => new FlatFeeModel({ takerFeeBps: 10_001 })).toThrow(FeeConfigError);
  });
});

describe('polymarketFeeMicros', () => {
  test('charges shares × rate × p(1−p) for exponent 1', () => {
    // 100 × 0.04 × 0.5 × 0.5 = 1.00
    expect(polymarketFeeMicros(100_000_000, 500_000, { rateMicros: 40_000, exponent: 1, takerOnly: true })).toBe(1_000_000);
    // 33.33 × 0.03 × 0.57 × 0.43 = 0.24507549 → floored to 5 decimals 0.24507
    expect(polymarketFeeMicros(33_330_000, 570_000, { rateMicros: 30_000, exponent: 1, takerOnly: true })).toBe(245_070);
  });

  test('raises p(1−p) to the exponent', () => {
    // 100 × 0.25 × 0.25² = 1.5625
    expect(polymarketFeeMicros(100_000_000, 500_000, { rateMicros: 250_000, exponent: 2, takerOnly: true })).toBe(1_562_500);
    // exponent 0: price-independent, 10 × 0.01 = 0.1
    expect(polymarketFeeMicros(10_000_000, 910_000, { rateMicros: 10_000, exponent: 0, takerOnly: true })).toBe(100_000);
  });

  test('floors to 5 decimals of pUSD, so tiny fees round to zero', () => {
    // 0.01 × 0.03 × 0.25 = 0.000075 → 0.00007
    expect(polymarketFeeMicros(10_000, 500_000, { rateMicros: 30_000, exponent: 1, takerOnly: true })).toBe(70);
    // 1 × 0.03 × 0.001 × 0.999 = 0.00002997 → 0.00002
    expect(polymarketFeeMicros(1_000_000, 1_000, { rateMicros: 30_000, exponent: 1, takerOnly: true })).toBe(20);
    expect(polymarketFeeMicros(100, 500_000, { rateMicros: 30_000, exponent: 1, takerOnly: true })).toBe(0);
  });

  test('charges nothing at price 0 or 1 or with a zero rate', () => {
    expect(polymarketFeeMicros(1_000_000, 1_000_000, { rateMicros: 30_000, exponent: 1, takerOnly: true })).toBe(0);
    expect(polymarketFeeMicros(1_000_000, 500_000, { rateMicros: 0, exponent: 1, takerOnly: true })).toBe(0);
  });
});

describe('PolymarketFeeModel', () => {
  const model = new PolymarketFeeModel({ rateMicros: 40_000, exponent: 1, takerOnly: true });

  test('charges takers on both sides and makers nothing', () => {
    expect(model.feeMicros(taker(500_000, 100_000_000, 50_000_000))).toBe(1_000_000);
    expect(model.feeMicros({ ...taker(500_000, 100_000_000, 50_000_000), side: 'SELL' })).toBe(1_000_000);
    expect(model.feeMicros({ ...taker(500_000, 100_000_000, 50_000_000), liquidity: 'maker' })).toBe(0);
  });

  test('charges makers too when the schedule is not taker-only', () => {
    const both = new PolymarketFeeModel({ rateMicros: 40_000, exponent: 1, takerOnly: false });
    expect(both.feeMicros({ ...taker(500_000, 100_000_000, 50_000_000), liquidity: 'maker' })).toBe(1_000_000);
  });

  test('refuses impossible schedules', () => {
    expect(() => new PolymarketFeeModel({ rateMicros: -1, exponent: 1, takerOnly: true })).toThrow(FeeConfigError);
    expect(() => new PolymarketFeeModel({ rateMicros: 30_000, exponent: 1.5, takerOnly: true })).toThrow(FeeConfigError);
  });
});

describe('adjustBuyAmountForFees', () => {
  const schedule = { rateMicros: 40_000, exponent: 1 };

  test('keeps the amount when the balance covers amount and fees', () => {
    // fee on 100 @ 0.5 = 200 shares × 0.04 × 0.25 = 2
    expect(adjustBuyAmountForFees({ amountMicros: 100_000_000, priceMicros: 500_000, balanceMicros: 102_000_001, schedule })).toBe(100_000_000);
  });

  test('shrinks the amount to balance minus fees when the balance is short', () => {
    expect(adjustBuyAmountForFees({ amountMicros: 100_000_000, priceMicros: 500_000, balanceMicros: 100_500_000, schedule })).toBe(98_500_000);
    // exactly equal counts as short, as in the client (≤)
    expect(adjustBuyAmountForFees({ amountMicros: 100_000_000, priceMicros: 500_000, balanceMicros: 102_000_000, schedule })).toBe(100_000_000);
  });

  test('adds fee slippage and the builder fee', () => {
    // platform 2 × 1.10 = 2.2; builder 100 × 1 % = 1
    expect(
      adjustBuyAmountForFees({
        amountMicros: 100_000_000,
        priceMicros: 500_000,
        balanceMicros: 100_500_000,
        schedule,
        feeSlippagePercent: 10,
        builderTakerFeeBps: 100,
      }),
    ).toBe(97_300_000);
  });

  test('never returns a negative amount and refuses invalid fee slippage', () => {
    expect(adjustBuyAmountForFees({ amountMicros: 100_000_000, priceMicros: 500_000, balanceMicros: 1_000_000, schedule })).toBe(980_000);
    expect(adjustBuyAmountForFees({ amountMicros: 10_000_000, priceMicros: 10_000, balanceMicros: 1, schedule: { rateMicros: 1_000_000, exponent: 0 } })).toBe(0);
    expect(() => adjustBuyAmountForFees({ amountMicros: 1, priceMicros: 500_000, balanceMicros: 1, schedule, feeSlippagePercent: 101 })).toThrow(FeeConfigError);
  });
});

describe('createFeeModel', () => {
  test('builds the flat model with the bot’s rate and the Polymarket model from the market schedule', () => {
    const flat = createFeeModel({ kind: 'flat', feeBps: 100 }, undefined);
    expect(flat.kind).toBe('flat');
    expect(flat.feeMicros(taker(500_000, 0, 10_000_000))).toBe(100_000);
    expect(createFeeModel({ kind: 'flat' }, undefined).feeMicros(taker(500_000, 0, 10_000_000))).toBe(200_000);
    const poly = createFeeModel({ kind: 'polymarket' }, { rateMicros: 40_000, exponent: 1, takerOnly: true });
    expect(poly.feeMicros(taker(500_000, 100_000_000, 50_000_000))).toBe(1_000_000);
    expect(() => createFeeModel({ kind: 'polymarket' }, undefined)).toThrow(RangeError);
  });
});
