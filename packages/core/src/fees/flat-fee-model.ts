import { applyBps } from '../money/bps.ts';
import type { Rounding } from '../money/rounding.ts';
import { FeeConfigError, type FeeInput, type FeeModel } from './fee-model.ts';

/** The specification's simulated fee: 2 % of notional. */
export const DEFAULT_FLAT_FEE_BPS = 200;

export interface FlatFeeOptions {
  /** Fee for takers in basis points of notional; default 200 (2 %). */
  readonly takerFeeBps?: number;
  /** Fee for makers; defaults to the taker fee (the specification charges every simulated fill). */
  readonly makerFeeBps?: number;
  /** Default `ceil`: a simulated fee never flatters the paper record by a rounding micro. */
  readonly rounding?: Rounding;
}

/** `fee = notional × bps / 10_000`, rounded up to the micro by default. */
export class FlatFeeModel implements FeeModel {
  readonly kind = 'flat';
  readonly takerFeeBps: number;
  readonly makerFeeBps: number;
  readonly rounding: Rounding;

  constructor(options: FlatFeeOptions = {}) {
    this.takerFeeBps = checkBps(options.takerFeeBps ?? DEFAULT_FLAT_FEE_BPS);
    this.makerFeeBps = checkBps(options.makerFeeBps ?? this.takerFeeBps);
    this.rounding = options.rounding ?? 'ceil';
  }

  feeMicros(fill: FeeInput): number {
    const bps = fill.liquidity === 'maker' ? this.makerFeeBps : this.takerFeeBps;
    return applyBps(fill.notionalMicros, bps, this.rounding);
  }
}

function checkBps(bps: number): number {
  if (!Number.isSafeInteger(bps) || bps < 0 || bps > 10_000) {
    throw new FeeConfigError('fee must be a whole number of basis points between 0 and 10000', { details: { bps } });
  }
  return bps;
}
