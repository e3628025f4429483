/**
 * Integer rounding for money math. Every division of money names its rounding mode, so a reader
 * can see who a remainder favours. Intermediates are BigInt: no float ever touches an amount.
 */
import { MoneyOverflowError } from './errors.ts';

export type Rounding = 'floor' | 'ceil' | 'half-even';

/** Quotient of `numerator / denominator` rounded by `rounding`. `denominator` must be non-zero. */
export function divRound(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  // BigInt division truncates toward zero; turn that into floor first.
  let q = n / d;
  let r = n % d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  if (r === 0n) return q;
  switch (rounding) {
    case 'floor':
      return q;
    case 'ceil':
      return q + 1n;
    case 'half-even': {
      const twice = 2n * r;
      if (twice > d) return q + 1n;
      if (twice < d) return q;
      return q % 2n === 0n ? q : q + 1n;
    }
  }
}

/** A BigInt that must fit a safe JS integer, as a number; larger values are a bug upstream. */
export function toSafeNumber(value: bigint, what = 'amount'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyOverflowError(`${what} does not fit a safe integer`, { details: { value: value.toString() } });
  }
  return Number(value);
}

/** `a × b / d` in exact integer arithmetic, rounded by `rounding`. Inputs must be safe integers. */
export function mulDiv(a: number, b: number, d: number, rounding: Rounding): number {
  requireSafeInteger(a, 'a');
  requireSafeInteger(b, 'b');
  requireSafeInteger(d, 'd');
  return toSafeNumber(divRound(BigInt(a) * BigInt(b), BigInt(d), rounding), 'mulDiv result');
}

export function isSafeAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Throws on a non-integer or unsafe number: a float near money is a bug, not a user error. */
export function requireSafeInteger(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyOverflowError(`${what} must be a safe integer`, { details: { value: String(value) } });
  }
  return value;
}

/** Checked sum of safe integers. */
export function addMicros(...values: readonly number[]): number {
  let total = 0n;
  for (const v of values) total += BigInt(requireSafeInteger(v));
  return toSafeNumber(total, 'sum');
}
