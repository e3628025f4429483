/**
 * What a strategy sees on one tick for one market. Everything is integers in 6-decimal base units:
 * prices in micro-dollars per share (0.53 → 530_000), sizes and positions in share micros, balances
 * in pUSD micros. These are deliberately minimal shapes; the core book/position types are
 * structurally compatible (`{ priceMicros, sizeMicros }` levels).
 */

/** One price level. `sizeMicros` is shares × 10^6. */
export interface BookLevel {
  readonly priceMicros: number;
  readonly sizeMicros: number;
}

/**
 * An order book snapshot. Level order is not assumed (Polymarket's `/book` lists bids ascending and
 * asks descending): helpers find the best price by value, not by position.
 */
export interface BookSnapshot {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** A midpoint seen on an earlier tick. Oldest first in `TokenView.midpoints`. */
export interface MidpointSample {
  readonly at: Date;
  readonly priceMicros: number;
}

/** A print from the market's trade feed. Oldest first in `TokenView.trades`. */
export interface TradePrint {
  readonly priceMicros: number;
  readonly sizeMicros: number;
  /** The taker's side. */
  readonly side: 'buy' | 'sell';
  readonly at: Date;
}

/** The bot's holding of one outcome token (zero shares when it holds none). */
export interface PositionSnapshot {
  readonly sharesMicros: number;
  /** Average entry price in micros per share; 0 when flat. */
  readonly avgEntryPriceMicros: number;
}

export interface MarketOutcome {
  readonly tokenId: string;
  /** The outcome's label, e.g. "Yes". */
  readonly outcome: string;
}

export interface StrategyMarket {
  readonly conditionId?: string;
  readonly question: string;
  readonly outcomes: readonly MarketOutcome[];
  /** Price increment in micros: "0.01" → 10_000. Every limit price is a multiple of it. */
  readonly tickSizeMicros: number;
  /** Smallest order in share micros: "5" → 5_000_000. */
  readonly minOrderSizeMicros: number;
}

/** Everything the bot knows about one watched outcome token. */
export interface TokenView {
  readonly tokenId: string;
  readonly outcome: string;
  readonly book: BookSnapshot;
  /** Midpoints recorded on previous ticks, oldest first. */
  readonly midpoints: readonly MidpointSample[];
  /** Recent trades, oldest first. */
  readonly trades: readonly TradePrint[];
  readonly position: PositionSnapshot;
}

/**
 * The bot's own risk limits, as its guards will apply them, so a strategy sizes orders that pass
 * them instead of being refused on every tick. Absent = not enforced.
 */
export interface BotLimits {
  /** A BUY's notional + fee per trade (sells are never capped). */
  readonly maxTradeSizeMicros?: number | undefined;
  /** Cost basis held in one market (all outcomes) after a BUY. */
  readonly maxPositionPerMarketMicros?: number | undefined;
  /** Shares filled / visible shares on the side taken, in bps (default 1000 = 10 %). */
  readonly maxMarketImpactBps?: number | undefined;
}

/** The fee the bot's fee model charges a taker: a flat rate on notional, or Polymarket's own schedule. */
export type FeeTerms =
  | { readonly kind: 'flat'; readonly feeBps: number }
  | { readonly kind: 'polymarket'; readonly rateMicros: number; readonly exponent: number; readonly takerOnly: boolean };

/** One decision's input: one market, its watched tokens, the bot's balance, the strategy's parameters. */
export interface StrategyInput<P = unknown> {
  readonly market: StrategyMarket;
  readonly tokens: readonly TokenView[];
  /** Free paper (or live) collateral in pUSD micros. */
  readonly balanceMicros: number;
  /** The bot's limits (the tick always passes them; absent = none). */
  readonly limits?: BotLimits | undefined;
  /** The fee the bot's fee model charges (the tick always passes it; absent = no fee). */
  readonly fees?: FeeTerms | undefined;
  /** Cost basis the bot already holds in this market, fees included (for `maxPositionPerMarketMicros`). */
  readonly marketCostBasisMicros?: number | undefined;
  readonly params: P;
}
