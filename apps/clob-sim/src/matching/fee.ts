/**
 * Polymarket V2 taker fee, charged at match time from the market's fee schedule (not the order):
 * fee = shares × rate × (p × (1 − p))^exponent, in collateral; makers pay none.
 * Integer arithmetic throughout; the result is floored to a base unit.
 * Kept behind one function so the shared core fee model can replace it.
 */
import type { FeeSchedule } from '../markets/types.ts';
import type { TakerFee } from './types.ts';

const MICROS = 1_000_000n;

export function takerFeeMicros(schedule: FeeSchedule, sizeMicros: number, priceMicros: number): number {
  if (schedule.ratePpm === 0 || sizeMicros === 0) return 0;
  const p = BigInt(priceMicros);
  const variance = p * (MICROS - p); // (p(1−p)) scaled by 1e12
  let numerator = BigInt(sizeMicros) * BigInt(schedule.ratePpm);
  let denominator = MICROS;
  for (let i = 0; i < schedule.exponent; i += 1) {
    numerator *= variance;
    denominator *= MICROS * MICROS;
  }
  return Number(numerator / denominator);
}

export function feeModelFor(schedule: FeeSchedule): TakerFee {
  return (sizeMicros, priceMicros) => takerFeeMicros(schedule, sizeMicros, priceMicros);
}
