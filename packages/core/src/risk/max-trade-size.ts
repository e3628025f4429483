import { formatMicros } from '../money/decimal.ts';
import { type Guard, passGuard, tripGuard } from './guard.ts';

/** A single trade may not move more collateral than `maxTradeSizeMicros` (BUY counts its fee). */
export const maxTradeSize: Guard = {
  name: 'max_trade_size',
  check({ fill, limits }) {
    const max = limits.maxTradeSizeMicros;
    if (max === undefined) return passGuard;
    const size = fill.side === 'BUY' ? fill.notionalMicros + fill.feeMicros : fill.notionalMicros;
    if (size <= max) return passGuard;
    return tripGuard('max_trade_size_exceeded', `trade of $${formatMicros(size)} exceeds the maximum trade size of $${formatMicros(max)}`);
  },
};
