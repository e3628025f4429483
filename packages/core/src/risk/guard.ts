/**
 * Risk guards: one rule per file, the same signature in paper and live,
 * `check(context, now) → { ok: true } | { ok: false, code, reason }`. A guard never throws for a
 * market or account state; it reads only the context and `now`.
 */
import type { Side } from '../fees/fee-model.ts';
import type { UtcDay } from '../pnl/utc-day.ts';

/** Default maximum market impact: 10 % of visible depth. */
export const DEFAULT_MAX_MARKET_IMPACT_BPS = 1_000;
/** Default `max_acceptable_price_movement_percent`: 1 %. */
export const DEFAULT_MAX_PRICE_MOVEMENT_BPS = 100;

/** A bot's limits; an absent optional limit is not enforced. */
export interface RiskLimits {
  /** Collateral per trade: BUY notional + fee, SELL notional. */
  readonly maxTradeSizeMicros?: number;
  /** Cost basis held in one market (all its outcomes) after a BUY. */
  readonly maxPositionPerMarketMicros?: number;
  /** Loss over the current UTC day at which BUYs stop. */
  readonly dailyLossLimitMicros?: number;
  readonly maxSlippageBps?: number;
  /** Default 1_000 (10 %). */
  readonly maxMarketImpactBps?: number;
  /** Default 100 (1 %), from `max_acceptable_price_movement_percent`. */
  readonly maxPriceMovementBps?: number;
}

/** The simulated fill the guards judge (a `FokFill` fits). */
export interface ProposedFill {
  readonly side: Side;
  readonly sharesMicros: number;
  readonly notionalMicros: number;
  readonly feeMicros: number;
  readonly slippageBps: number;
  readonly marketImpactBps: number;
}

export interface RiskContext {
  readonly fill: ProposedFill;
  readonly limits: RiskLimits;
  /** Free collateral before this trade. */
  readonly balanceMicros: number;
  /** Shares of this outcome token held before this trade. */
  readonly positionSharesMicros: number;
  /** Cost basis held in this trade's market before this trade. */
  readonly marketCostBasisMicros: number;
  /** The latest known daily P&L (realized + unrealized) and the UTC day it belongs to. */
  readonly dailyPnl: { readonly utcDay: UtcDay; readonly pnlMicros: number };
  /**
   * The reference price the strategy decided on and the same reference at execution (BUY: best
   * ask, SELL: best bid, or whatever the engine uses consistently).
   */
  readonly decisionPriceMicros: number;
  readonly executionPriceMicros: number;
}

export type RiskCode =
  | 'max_trade_size_exceeded'
  | 'max_position_per_market_exceeded'
  | 'insufficient_balance'
  | 'insufficient_position'
  | 'daily_loss_limit_reached'
  | 'max_slippage_exceeded'
  | 'max_market_impact_exceeded'
  | 'price_moved_against_user';

export type GuardResult = { readonly ok: true } | { readonly ok: false; readonly code: RiskCode; readonly reason: string };

export interface Guard {
  readonly name: string;
  check(context: RiskContext, now: Date): GuardResult;
}

export const passGuard: GuardResult = { ok: true };

export function tripGuard(code: RiskCode, reason: string): GuardResult {
  return { ok: false, code, reason };
}
