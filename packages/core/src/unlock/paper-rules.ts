/**
 * The platform's paper rules: the floor a bot's paper settings must meet for its trades to count
 * toward the live unlock. A bot may be configured more loosely for experiments — it still trades —
 * but every trade made under looser settings is marked as not counting.
 *
 * Why these settings and not others: each one, loosened, makes the paper record look better than
 * live trading would be. A fee below the market's real fee (or the specification's 2 % flat model)
 * flatters every fill; a market-impact cap above 10 % of visible depth lets paper fills take depth a
 * live FOK would move or miss; a price-movement cap above 1 % accepts fills after moves that live
 * orders would be rejected on; and a local exchange's synthetic market is not the real venue's book.
 * Tighter settings (a higher fee, lower caps) only make paper harder, so they always count. Limits
 * that only restrict the bot's own exposure (trade size, position, daily loss, slippage) never
 * flatter the record and do not affect unlock.
 *
 * Pure: the caller states the settings, the market's origin and whether the deployment trades
 * real money.
 */

/** The specification's flat fee: 2 % of notional. */
export const PLATFORM_MIN_FLAT_FEE_BPS = 200;
/** Market impact may be capped at most at 10 % of visible depth. */
export const PLATFORM_MAX_MARKET_IMPACT_BPS = 1_000;
/** `max_acceptable_price_movement_percent` may be at most 1 %. */
export const PLATFORM_MAX_PRICE_MOVEMENT_BPS = 100;

export type PaperRuleCode = 'fee_below_platform_minimum' | 'market_impact_cap_above_platform_maximum' | 'price_movement_cap_above_platform_maximum' | 'synthetic_market';

export interface PaperRuleViolation {
  readonly code: PaperRuleCode;
  readonly message: string;
}

/** The settings that decide whether paper trades count (a bot's `feeModel` and two risk caps). */
export interface PaperRuleSettings {
  readonly feeModel: { readonly kind: 'flat'; readonly flatFeeBps: number } | { readonly kind: 'polymarket' };
  readonly maxMarketImpactBps: number;
  readonly maxPriceMovementBps: number;
}

/** Where a trade's market data came from, and what the deployment is for. */
export interface PaperRuleVenue {
  /** The market is one of the local exchange's own synthetic markets, not the real venue's. */
  readonly syntheticMarket: boolean;
  /** The deployment is configured for real money: only the real venue's data makes a record. */
  readonly realMoneyDeployment: boolean;
}

/** Which of the bot's settings are looser than the platform allows (empty = the settings qualify). */
export function settingsViolations(settings: PaperRuleSettings): PaperRuleViolation[] {
  const out: PaperRuleViolation[] = [];
  if (settings.feeModel.kind === 'flat' && settings.feeModel.flatFeeBps < PLATFORM_MIN_FLAT_FEE_BPS) {
    out.push({
      code: 'fee_below_platform_minimum',
      message: `a flat fee of ${settings.feeModel.flatFeeBps} bps is below the platform minimum of ${PLATFORM_MIN_FLAT_FEE_BPS} bps (use at least 2 % or the market's own fee)`,
    });
  }
  if (settings.maxMarketImpactBps > PLATFORM_MAX_MARKET_IMPACT_BPS) {
    out.push({
      code: 'market_impact_cap_above_platform_maximum',
      message: `a market impact cap of ${settings.maxMarketImpactBps} bps is above the platform maximum of ${PLATFORM_MAX_MARKET_IMPACT_BPS} bps (10 %)`,
    });
  }
  if (settings.maxPriceMovementBps > PLATFORM_MAX_PRICE_MOVEMENT_BPS) {
    out.push({
      code: 'price_movement_cap_above_platform_maximum',
      message: `a price movement cap of ${settings.maxPriceMovementBps} bps is above the platform maximum of ${PLATFORM_MAX_PRICE_MOVEMENT_BPS} bps (1 %)`,
    });
  }
  return out;
}

/** Why a trade made now under `settings` on this venue would not count (empty = it counts). */
export function tradeExclusions(settings: PaperRuleSettings, venue: PaperRuleVenue): PaperRuleViolation[] {
  const out = settingsViolations(settings);
  if (venue.realMoneyDeployment && venue.syntheticMarket) {
    out.push({ code: 'synthetic_market', message: "the market is one of the local exchange's synthetic markets, not the real venue's" });
  }
  return out;
}
