import { formatMicros } from '../money/decimal.ts';
import { utcDayOf } from '../pnl/utc-day.ts';
import { type Guard, passGuard, tripGuard } from './guard.ts';

/**
 * Once the loss over the current UTC day reaches the limit — or this trade's fee would push it past —
 * no new BUYs. SELLs pass: they reduce exposure, and blocking them could only grow the loss.
 * A daily P&L recorded for an earlier day counts as zero today.
 */
export const dailyLossLimit: Guard = {
  name: 'daily_loss_limit',
  check({ fill, limits, dailyPnl }, now) {
    const limit = limits.dailyLossLimitMicros;
    if (limit === undefined || fill.side === 'SELL') return passGuard;
    const today = dailyPnl.utcDay === utcDayOf(now) ? dailyPnl.pnlMicros : 0;
    const loss = today < 0 ? -today : 0;
    if (loss < limit && loss + fill.feeMicros <= limit) return passGuard;
    return tripGuard('daily_loss_limit_reached', `today's loss of $${formatMicros(loss)} has reached the daily loss limit of $${formatMicros(limit)}`);
  },
};
