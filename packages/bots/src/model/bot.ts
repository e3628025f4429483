/**
 * The bot as services and the API see it. Money is integer micros (1 pUSD = 1_000_000), rates are
 * basis points (1 % = 100 bps). An absent (null) risk limit is not enforced, except the two the
 * specification defaults: price movement 1 % and market impact 10 %.
 */
import type { StrategyConfig } from '@polymancer/strategies';

export type BotStatus = 'active' | 'paused' | 'stopped';
export type TradingMode = 'paper' | 'live';

/** One market the bot trades and the outcome tokens of it that it watches. */
export interface WatchedMarket {
  readonly conditionId: string;
  readonly tokenIds: readonly string[];
}

export interface BotRiskSettings {
  /** Collateral per trade (BUY notional + fee, SELL notional). */
  readonly maxTradeSizeMicros: number | null;
  /** Cost basis held in one market after a BUY. */
  readonly maxPositionPerMarketMicros: number | null;
  /** Loss over the current UTC day at which BUYs stop. */
  readonly dailyLossLimitMicros: number | null;
  readonly maxSlippageBps: number | null;
  /** `max_acceptable_price_movement_percent` in bps; default 100 (1 %). */
  readonly maxPriceMovementBps: number;
  /** Default 1_000 (10 % of visible depth). */
  readonly maxMarketImpactBps: number;
}

/** How paper fills are charged: the specification's flat fee, or Polymarket's own per market. */
export type FeeModelSetting = { readonly kind: 'flat'; readonly flatFeeBps: number } | { readonly kind: 'polymarket' };

/** Optional paper realism: wait before executing, decide on an older book. */
export interface PaperRealism {
  readonly enabled: boolean;
  /** Decision → execution delay; default 200 ms. */
  readonly artificialDelayMs: number;
  /** How old the book the strategy decides on is (0 – 300_000 ms). */
  readonly staleBookMs: number;
}

export interface Bot {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly type: TradingMode;
  readonly status: BotStatus;
  readonly emergencyStopped: boolean;
  readonly markets: readonly WatchedMarket[];
  readonly strategy: StrategyConfig;
  readonly intervalSecs: number;
  readonly startingBalanceMicros: number;
  readonly paperBalanceMicros: number;
  readonly risk: BotRiskSettings;
  readonly feeModel: FeeModelSetting;
  readonly realism: PaperRealism;
  readonly firstPaperTradeAt: Date | null;
  readonly lastTickAt: Date | null;
  /** Shadow trading (live bots; `live/shadow.ts`); absent = off. Set only through the unlock service's `setShadowMode`. */
  readonly shadowMode?: boolean | undefined;
  /**
   * The settings' version: every settings edit writes only if the row still has the version it
   * read, and bumps it (optimistic concurrency: a conflicting edit is refused, never merged).
   * Status changes and ticks do not bump it.
   */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const DEFAULT_INTERVAL_SECS = 60;
export const MIN_INTERVAL_SECS = 5;
export const MAX_INTERVAL_SECS = 86_400;
/** 1,000 pUSD. */
export const DEFAULT_STARTING_BALANCE_MICROS = 1_000_000_000;
/** 1 billion pUSD: far below 2^53 micros, so every sum of balances stays exact. */
export const MAX_AMOUNT_MICROS = 1_000_000_000_000_000;
export const DEFAULT_ARTIFICIAL_DELAY_MS = 200;
export const MAX_STALE_BOOK_MS = 300_000;
