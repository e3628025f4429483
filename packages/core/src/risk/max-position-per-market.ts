import { formatMicros } from '../money/decimal.ts';
import { type Guard, passGuard, tripGuard } from './guard.ts';

/** After a BUY, the cost basis held in the market may not exceed the limit. Sells only reduce it. */
export const maxPositionPerMarket: Guard = {
  name: 'max_position_per_market',
  check({ fill, limits, marketCostBasisMicros }) {
    const max = limits.maxPositionPerMarketMicros;
    if (max === undefined || fill.side === 'SELL') return passGuard;
    const after = marketCostBasisMicros + fill.notionalMicros + fill.feeMicros;
    if (after <= max) return passGuard;
    return tripGuard(
      'max_position_per_market_exceeded',
      `position in this market would reach $${formatMicros(after)}, over the maximum of $${formatMicros(max)}`,
    );
  },
};
