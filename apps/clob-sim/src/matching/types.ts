/** Types of the pure matching engine. Sizes are shares in micros; prices micros per share. */
export type Side = 'BUY' | 'SELL';
export type TimeInForce = 'GTC' | 'GTD' | 'FOK' | 'FAK';

export interface RestingOrder {
  readonly orderId: string;
  /** Funds owner (the order's `maker`); two orders with the same maker never trade together. */
  readonly makerAddress: string;
  readonly side: Side;
  readonly priceMicros: number;
  remainingMicros: number;
  /** Arrival sequence: lower is older, so it fills first at a price. */
  readonly seq: number;
}

/**
 * The limit as the signed ratio: a BUY pays at most `collateralMicros / sharesMicros` per share,
 * a SELL takes at least that. Market orders carry limits that need not sit on the tick.
 */
export interface LimitRatio {
  readonly collateralMicros: bigint;
  readonly sharesMicros: bigint;
}

export interface IncomingOrder {
  readonly orderId: string;
  readonly makerAddress: string;
  readonly side: Side;
  readonly limit: LimitRatio;
  /** Shares wanted (BUY: taker amount; SELL: maker amount). */
  readonly sizeMicros: number;
  /**
   * Market BUYs (FOK/FAK) spend a pUSD amount rather than buy a share count: fill until this much
   * collateral is spent; price improvement buys more shares (at least `sizeMicros` at the limit).
   */
  readonly budgetMicros?: number;
  /**
   * The order is on the complementary outcome token of a two-outcome book: the book holds it mirrored
   * (opposite side, price 1 − p), and its own price per share is 1 − the book price.
   */
  readonly mirrored?: boolean;
  /** On-tick price at which a GTC/GTD remainder rests. */
  readonly restingPriceMicros: number;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
}

export interface Fill {
  readonly makerOrderId: string;
  readonly makerAddress: string;
  readonly priceMicros: number;
  readonly sizeMicros: number;
  /** The taker's collateral for this fill at its own price (floored; rounded up for budget fills). */
  readonly collateralMicros: number;
  /** Fee charged to the taker at match time; makers pay none. */
  readonly takerFeeMicros: number;
}

export type MatchRejection = 'post_only_crosses' | 'fok_not_filled' | 'fak_no_match';

export type MatchResult =
  | { readonly ok: false; readonly reason: MatchRejection }
  | {
      readonly ok: true;
      readonly fills: readonly Fill[];
      readonly filledMicros: number;
      /** The remainder now resting on the book (GTC/GTD), if any. */
      readonly rested: RestingOrder | undefined;
      /** The remainder cancelled by FAK, in shares (budget orders: in unspent collateral). */
      readonly cancelledMicros: number;
      /** Own resting orders removed by self-trade prevention. */
      readonly selfTradeCancelled: readonly RestingOrder[];
    };

/** Taker fee in collateral micros for `sizeMicros` shares at `priceMicros`. */
export type TakerFee = (sizeMicros: number, priceMicros: number) => number;
