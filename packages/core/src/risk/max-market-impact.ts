import { DEFAULT_MAX_MARKET_IMPACT_BPS, type Guard, passGuard, tripGuard } from './guard.ts';

/** A fill may not take more than `maxMarketImpactBps` (default 10 %) of the visible depth it hits. */
export const maxMarketImpact: Guard = {
  name: 'max_market_impact',
  check({ fill, limits }) {
    const max = limits.maxMarketImpactBps ?? DEFAULT_MAX_MARKET_IMPACT_BPS;
    if (fill.marketImpactBps <= max) return passGuard;
    return tripGuard('max_market_impact_exceeded', `this trade would move the market significantly: market impact of ${fill.marketImpactBps} bps of visible depth exceeds the maximum of ${max} bps`);
  },
};
