import { FeeConfigError, type FeeInput, type FeeModel } from './fee-model.ts';
import { checkFeeSchedule, type FeeSchedule, polymarketFeeMicros } from './polymarket-fee.ts';

/**
 * Polymarket's own fee for one market: `shares × rate × (p(1−p))^exponent` for takers, floored to
 * 5 decimals of pUSD; makers pay none when the schedule is taker-only. Build one per market from
 * its fee schedule (`/clob-markets` `fd`, or Gamma `feeSchedule`).
 */
export class PolymarketFeeModel implements FeeModel {
  readonly kind = 'polymarket';
  readonly schedule: FeeSchedule;

  constructor(schedule: FeeSchedule) {
    this.schedule = checkFeeSchedule(schedule);
  }

  feeMicros(fill: FeeInput): number {
    if (fill.liquidity === 'maker' && this.schedule.takerOnly) return 0;
    if (!Number.isSafeInteger(fill.sharesMicros) || !Number.isSafeInteger(fill.priceMicros)) {
      throw new FeeConfigError('fill amounts must be safe integers', { details: { ...fill } });
    }
    return polymarketFeeMicros(fill.sharesMicros, fill.priceMicros, this.schedule);
  }
}
