import { type Guard, passGuard, tripGuard } from './guard.ts';

/** The fill's predicted slippage against the best price may not exceed `maxSlippageBps`. */
export const maxSlippage: Guard = {
  name: 'max_slippage',
  check({ fill, limits }) {
    const max = limits.maxSlippageBps;
    if (max === undefined || fill.slippageBps <= max) return passGuard;
    return tripGuard('max_slippage_exceeded', `predicted slippage of ${fill.slippageBps} bps exceeds the maximum of ${max} bps`);
  },
};
