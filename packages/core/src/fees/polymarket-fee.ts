/**
 * Polymarket's CLOB V2 platform fee, in integers.
 *
 * Semantics (docs /trading/fees; client `src/fees adjustBuyAmountForFees`):
 *   fee = shares × rate × (p × (1 − p))^exponent   collateral, takers only (unless the schedule says otherwise)
 * with `rate` and `exponent` from the market's `fd` ({ r, e, to }) on `/clob-markets/{condition_id}`.
 * The venue floors the fee to 5 decimals of pUSD, i.e. to a multiple of 10 micros; so do we.
 *
 * Units: `rateMicros` is the rate scaled by 10^6 (r = 0.03 → 30_000), price in micros, shares in
 * base units. The product is computed exactly in BigInt and floored once per match.
 */
import { divRound, toSafeNumber } from '../money/rounding.ts';
import { FeeConfigError } from './fee-model.ts';

export interface FeeSchedule {
  /** Fee rate × 10^6 (Gamma `feeSchedule.rate` / CLOB `fd.r`; 0.04 → 40_000). */
  readonly rateMicros: number;
  /** Whole-number exponent of p(1−p) (`fd.e`); the client uses 0 when absent. */
  readonly exponent: number;
  /** Makers pay nothing when true (`fd.to`). */
  readonly takerOnly: boolean;
}

/** No fee: what the client assumes when a market has no `fd`. */
export const ZERO_FEE_SCHEDULE: FeeSchedule = { rateMicros: 0, exponent: 0, takerOnly: true };

/** Polymarket charges fees floored to 5 decimals of pUSD: multiples of 10 micros. */
export const POLYMARKET_FEE_GRANULARITY_MICROS = 10;

const MICROS = 1_000_000n;

export function checkFeeSchedule(schedule: FeeSchedule): FeeSchedule {
  const { rateMicros, exponent } = schedule;
  if (!Number.isSafeInteger(rateMicros) || rateMicros < 0 || rateMicros > 1_000_000) {
    throw new FeeConfigError('fee rate must be between 0 and 1 (0 and 1000000 micros)', { details: { rateMicros } });
  }
  if (!Number.isSafeInteger(exponent) || exponent < 0 || exponent > 8) {
    throw new FeeConfigError('fee exponent must be a whole number between 0 and 8', { details: { exponent } });
  }
  return schedule;
}

/** `(p(1−p))^e` as an exact fraction over `(10^12)^e`. */
function curve(priceMicros: number, exponent: number): { num: bigint; den: bigint } {
  const p = BigInt(priceMicros);
  const base = p * (MICROS - p);
  return { num: base ** BigInt(exponent), den: (MICROS * MICROS) ** BigInt(exponent) };
}

/** The taker fee of one match, floored to 10 micros. Price must lie in [0, 1]. */
export function polymarketFeeMicros(sharesMicros: number, priceMicros: number, schedule: FeeSchedule): number {
  if (priceMicros < 0 || priceMicros > 1_000_000) throw new RangeError(`price ${priceMicros} is outside [0, 1]`);
  if (sharesMicros <= 0 || schedule.rateMicros === 0) return 0;
  const c = curve(priceMicros, schedule.exponent);
  const num = BigInt(sharesMicros) * BigInt(schedule.rateMicros) * c.num;
  const den = MICROS * c.den * BigInt(POLYMARKET_FEE_GRANULARITY_MICROS);
  return toSafeNumber(divRound(num, den, 'floor') * BigInt(POLYMARKET_FEE_GRANULARITY_MICROS), 'fee');
}
