/**
 * Polymarket's data API `GET /trades?market=<condition ids>` (public, no auth): recent fills, newest first.
 * Shape from the capture `shared/data/polymarket/trades/nt-py_data_api_trades_MIXED.json`: `size` and
 * `price` are JSON numbers, `timestamp` is Unix **seconds**, `side` is the side of the trade's taker when
 * `takerOnly=true` (the API's default).
 */
export interface DataApiTradeWire {
  readonly proxyWallet: string;
  readonly side: 'BUY' | 'SELL';
  /** The outcome token id. */
  readonly asset: string;
  readonly conditionId: string;
  readonly size: number;
  readonly price: number;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly title: string;
  readonly slug: string;
  readonly icon: string;
  readonly eventSlug: string;
  readonly outcome: string;
  readonly outcomeIndex: number;
  readonly name: string;
  readonly pseudonym: string;
  readonly bio: string;
  readonly profileImage: string;
  readonly profileImageOptimized: string;
  readonly transactionHash: string;
}
