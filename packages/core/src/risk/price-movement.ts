import { type Guard, DEFAULT_MAX_PRICE_MOVEMENT_BPS, passGuard, tripGuard } from './guard.ts';

/**
 * Rejects when the price moved against the user between decision and execution by more than
 * `maxPriceMovementBps` (default 1 %): up for a BUY, down for a SELL. Moves in the user's favour
 * pass. Compared exactly: |Δ| × 10_000 > max × decisionPrice.
 */
export const priceMovement: Guard = {
  name: 'price_movement',
  check({ fill, limits, decisionPriceMicros, executionPriceMicros }) {
    const max = limits.maxPriceMovementBps ?? DEFAULT_MAX_PRICE_MOVEMENT_BPS;
    const against = fill.side === 'BUY' ? executionPriceMicros - decisionPriceMicros : decisionPriceMicros - executionPriceMicros;
    if (against <= 0 || decisionPriceMicros <= 0) return passGuard;
    if (BigInt(against) * 10_000n <= BigInt(max) * BigInt(decisionPriceMicros)) return passGuard;
    const movedBps = Number((BigInt(against) * 10_000n) / BigInt(decisionPriceMicros));
    return tripGuard(
      'price_moved_against_user',
      `price moved ${movedBps} bps against the ${fill.side === 'BUY' ? 'buy' : 'sell'} since the decision (max ${max} bps)`,
    );
  },
};
