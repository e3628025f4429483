import { formatMicros } from '../money/decimal.ts';
import { type Guard, passGuard, tripGuard } from './guard.ts';

/**
 * A single BUY may not move more collateral than `maxTradeSizeMicros` (its fee counted). A SELL
 * only reduces a position (paper never shorts; selling more than is held is `insufficient_position`),
 * so the cap never refuses it: a limit meant to cap risk must not trap a bot in its position.
 */
export const maxTradeSize: Guard = {
  name: 'max_trade_size',
  check({ fill, limits }) {
    const max = limits.maxTradeSizeMicros;
    if (max === undefined || fill.side === 'SELL') return passGuard;
    const size = fill.notionalMicros + fill.feeMicros;
    if (size <= max) return passGuard;
    return tripGuard('max_trade_size_exceeded', `trade of $${formatMicros(size)} exceeds the maximum trade size of $${formatMicros(max)}`);
  },
};
