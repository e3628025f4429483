import type { FeeModel, Liquidity, Side } from '../fees/fee-model.ts';

/**
 * What a taker asks of the book.
 * - `BUY by amount`: spend `amountMicros` of collateral on shares (Polymarket's market BUY: the
 *   amount excludes the fee, which is charged on top).
 * - `BUY by shares` / `SELL`: buy or sell exactly `sharesMicros`.
 * `limitPriceMicros` is a worst-price cap (BUY: highest, SELL: lowest), on the book's tick.
 */
export type FokRequest =
  | { readonly side: 'BUY'; readonly by: 'amount'; readonly amountMicros: number; readonly limitPriceMicros?: number }
  | { readonly side: 'BUY'; readonly by: 'shares'; readonly sharesMicros: number; readonly limitPriceMicros?: number }
  | { readonly side: 'SELL'; readonly by: 'shares'; readonly sharesMicros: number; readonly limitPriceMicros?: number };

export interface FokOptions {
  readonly feeModel: FeeModel;
  /** A FOK order takes liquidity; `maker` only for what-if pricing. Default `taker`. */
  readonly liquidity?: Liquidity;
  /** Minimum filled shares; default the book's `minOrderSizeMicros`; 0 disables. */
  readonly minOrderSizeMicros?: number;
  /** Minimum notional (Polymarket reports $1 for marketable BUYs); default 0. */
  readonly minNotionalMicros?: number;
}

/** One match against one price level. */
export interface FillLeg {
  readonly priceMicros: number;
  readonly sharesMicros: number;
  /** shares × price, rounded against the taker to the micro (BUY up, SELL down). */
  readonly notionalMicros: number;
  readonly feeMicros: number;
}

export interface FokFill {
  readonly side: Side;
  readonly sharesMicros: number;
  /** Σ leg notionals: collateral paid (BUY) or received (SELL) before fees. */
  readonly notionalMicros: number;
  readonly feeMicros: number;
  /** Signed change to the collateral balance: BUY −(notional + fee), SELL notional − fee. */
  readonly cashDeltaMicros: number;
  /** Σ shares×price / Σ shares from exact (unrounded) leg values, half-even to the micro. */
  readonly averagePriceMicros: number;
  /** Best price on the side taken, before the fill. */
  readonly bestPriceMicros: number;
  /** Price of the last (worst) level touched. */
  readonly worstPriceMicros: number;
  /** Average price against best price, in bps (≥ 0, rounded up). */
  readonly slippageBps: number;
  /** Filled shares / visible shares on the side taken, in bps (rounded up). */
  readonly marketImpactBps: number;
  readonly visibleDepthSharesMicros: number;
  readonly legs: readonly FillLeg[];
  readonly feeModel: string;
}

export type FokRejectionCode =
  | 'invalid_request'
  | 'invalid_limit_price'
  | 'empty_book'
  | 'insufficient_depth'
  | 'limit_price_reached'
  | 'below_min_order_size'
  | 'below_min_notional';

/** A FOK the book cannot fill entirely: a value, recorded with the trade. */
export interface FokRejection {
  readonly code: FokRejectionCode;
  readonly reason: string;
  readonly details?: Readonly<Record<string, number | string>>;
}
