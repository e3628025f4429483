import { describe, expect, test } from 'bun:test';
import { applyBps, percentToBps, ratioBps } from './bps.ts';
import { MoneyOverflowError } from './errors.ts';
import { addMicros, divRound, mulDiv, requireSafeInteger } from './rounding.ts';

describe('divRound', () => {
  test('floors, ceils and rounds half to even, also for negatives', () => {
    expect(divRound(7n, 2n, 'floor')).toBe(3n);
    expect(divRound(7n, 2n, 'ceil')).toBe(4n);
    expect(divRound(7n, 2n, 'half-even')).toBe(4n);
    expect(divRound(5n, 2n, 'half-even')).toBe(2n);
    expect(divRound(-7n, 2n, 'floor')).toBe(-4n);
    expect(divRound(-7n, 2n, 'ceil')).toBe(-3n);
    expect(divRound(-5n, 2n, 'half-even')).toBe(-2n);
    expect(divRound(8n, 3n, 'half-even')).toBe(3n);
    expect(divRound(6n, 3n, 'ceil')).toBe(2n);
  });
});

describe('mulDiv', () => {
  test('multiplies before dividing, without losing precision past 2^53', () => {
    // 10_500_100 shares × 0.999 exceeds 2^53 as an intermediate product.
    expect(mulDiv(10_500_100_000_000, 999_000, 1_000_000, 'floor')).toBe(10_489_599_900_000);
    expect(mulDiv(1, 1, 3, 'floor')).toBe(0);
    expect(mulDiv(1, 1, 3, 'ceil')).toBe(1);
  });

  test('throws on floats and on results beyond the safe range', () => {
    expect(() => mulDiv(0.5, 2, 1, 'floor')).toThrow(MoneyOverflowError);
    expect(() => mulDiv(Number.MAX_SAFE_INTEGER, 2, 1, 'floor')).toThrow(MoneyOverflowError);
    expect(() => requireSafeInteger(Number.NaN)).toThrow(MoneyOverflowError);
    expect(() => addMicros(Number.MAX_SAFE_INTEGER, 1)).toThrow(MoneyOverflowError);
    expect(addMicros(1, 2, 3)).toBe(6);
  });
});

describe('basis points', () => {
  test('converts percent strings and applies and measures basis points', () => {
    const one = percentToBps('1');
    const fine = percentToBps('0.255');
    expect(one.ok && one.value).toBe(100);
    expect(fine.ok).toBe(false);
    expect(applyBps(10_000_000, 200, 'ceil')).toBe(200_000);
    expect(applyBps(1, 200, 'ceil')).toBe(1);
    expect(applyBps(1, 200, 'floor')).toBe(0);
    expect(ratioBps(1, 3, 'ceil')).toBe(3334);
    expect(ratioBps(1, 3, 'floor')).toBe(3333);
  });
});
