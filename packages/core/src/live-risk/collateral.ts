import { formatMicros } from '../money/decimal.ts';
import { type LiveCheckResult, livePass, liveTrip } from './live-check.ts';

export interface CollateralContext {
  /** What the order spends: BUY notional + fee (micros of pUSD). A SELL spends no collateral. */
  readonly side: 'BUY' | 'SELL';
  readonly costMicros: number;
  /** pUSD balance of the funder (the wallet that trades). */
  readonly balanceMicros: bigint;
  /** pUSD allowance from the funder to the exchange this market settles on (CTF Exchange V2, neg-risk V2 or V3). */
  readonly allowanceMicros: bigint;
  /** Which exchange, for the message: e.g. `CTF Exchange V2`. */
  readonly exchangeName: string;
}

/** A BUY needs pUSD balance and allowance to the market's exchange covering its cost. */
export function checkCollateral(context: CollateralContext): LiveCheckResult {
  if (context.side === 'SELL') return livePass;
  const cost = BigInt(context.costMicros);
  // Both figures below are under the cost when shown, so they fit a JS number (an unlimited allowance is 2^256 − 1).
  if (context.balanceMicros < cost) {
    return liveTrip(
      'insufficient_collateral_balance',
      `the trade costs $${formatMicros(context.costMicros)} but the wallet holds $${formatMicros(Number(context.balanceMicros))} pUSD; deposit pUSD to the trading wallet`,
    );
  }
  if (context.allowanceMicros < cost) {
    return liveTrip(
      'insufficient_collateral_allowance',
      `the trade costs $${formatMicros(context.costMicros)} but the wallet allows the ${context.exchangeName} to spend only $${formatMicros(Number(context.allowanceMicros))} pUSD; approve pUSD to the ${context.exchangeName}`,
    );
  }
  return livePass;
}
