import { dailyLossLimit } from './daily-loss-limit.ts';
import type { Guard, GuardResult, RiskContext } from './guard.ts';
import { insufficientBalance } from './insufficient-balance.ts';
import { maxMarketImpact } from './max-market-impact.ts';
import { maxPositionPerMarket } from './max-position-per-market.ts';
import { maxSlippage } from './max-slippage.ts';
import { maxTradeSize } from './max-trade-size.ts';
import { priceMovement } from './price-movement.ts';

/** The paper and live guards, in the order their rejections are reported. */
export const defaultGuards: readonly Guard[] = [
  insufficientBalance,
  maxTradeSize,
  maxPositionPerMarket,
  dailyLossLimit,
  maxSlippage,
  maxMarketImpact,
  priceMovement,
];

/** Runs guards in order and returns the first failure, or `{ ok: true }` when all pass. */
export function runGuards(guards: readonly Guard[], context: RiskContext, now: Date): GuardResult {
  for (const guard of guards) {
    const result = guard.check(context, now);
    if (!result.ok) return result;
  }
  return { ok: true };
}
