/** Basis points: 1 % = 100 bps, 100 % = 10_000 bps. */
import type { Result } from '../result.ts';
import type { DecimalParseError } from './errors.ts';
import { parseScaled } from './decimal.ts';
import { divRound, type Rounding, toSafeNumber } from './rounding.ts';

export const BPS_PER_UNIT = 10_000;

/** `"1"` (percent) → 100 bps; `"0.25"` → 25. Refuses finer than a basis point. */
export function percentToBps(percent: string): Result<number, DecimalParseError> {
  return parseScaled(percent, 2);
}

/** `amount × bps / 10_000`, rounded as named. */
export function applyBps(amountMicros: number, bps: number, rounding: Rounding): number {
  return toSafeNumber(divRound(BigInt(amountMicros) * BigInt(bps), BigInt(BPS_PER_UNIT), rounding));
}

/** `part / whole` in basis points, rounded as named; `whole` must be positive. */
export function ratioBps(part: number, whole: number, rounding: Rounding): number {
  return toSafeNumber(divRound(BigInt(part) * BigInt(BPS_PER_UNIT), BigInt(whole), rounding));
}
