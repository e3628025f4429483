/**
 * Polymarket V2 taker fee, charged at match time from the market's fee schedule (not the order):
 * fee = shares × rate × (p × (1 − p))^exponent in collateral, floored to 5 decimals; makers pay none.
 * Delegates to the shared core fee model (`@polymancer/core` fees) so paper fills and the simulator agree.
 */
import { polymarketFeeMicros } from '@polymancer/core';
import type { FeeSchedule } from '../markets/types.ts';
import type { TakerFee } from './types.ts';

export function takerFeeMicros(schedule: FeeSchedule, sizeMicros: number, priceMicros: number): number {
  return polymarketFeeMicros(sizeMicros, priceMicros, { rateMicros: schedule.ratePpm, exponent: schedule.exponent, takerOnly: true });
}

export function feeModelFor(schedule: FeeSchedule): TakerFee {
  return (sizeMicros, priceMicros) => takerFeeMicros(schedule, sizeMicros, priceMicros);
}
