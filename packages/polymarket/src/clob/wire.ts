/** CLOB REST wire shapes (clob-client-v2 `types/clob.ts`), strings as the venue sends them. */

export interface OrderSummaryWire {
  readonly price: string;
  readonly size: string;
}

/** `GET /book` (`OrderBookSummary`). Best level LAST: bids ascending, asks descending. */
export interface OrderBookSummaryWire {
  readonly market: string;
  readonly asset_id: string;
  readonly timestamp: string;
  readonly hash: string;
  readonly bids: readonly OrderSummaryWire[];
  readonly asks: readonly OrderSummaryWire[];
  /** Absent on older captures. */
  readonly min_order_size?: string;
  readonly tick_size?: string;
  readonly neg_risk?: boolean;
  readonly last_trade_price?: string;
}

/** `GET /markets/{condition_id}` and the items of `GET /markets`. */
export interface ClobMarketWire {
  readonly condition_id: string;
  readonly question?: string;
  readonly market_slug?: string;
  readonly active?: boolean;
  readonly closed?: boolean;
  readonly archived?: boolean;
  readonly accepting_orders?: boolean;
  readonly enable_order_book?: boolean;
  readonly minimum_order_size?: number | string;
  readonly minimum_tick_size?: number | string;
  readonly neg_risk?: boolean;
  readonly end_date_iso?: string | null;
  readonly maker_base_fee?: number;
  readonly taker_base_fee?: number;
  readonly tokens: readonly { readonly token_id: string; readonly outcome: string; readonly price: number; readonly winner: boolean }[];
}

export interface ClobMarketsPageWire {
  readonly data: readonly ClobMarketWire[];
  readonly next_cursor: string;
  readonly limit?: number;
  readonly count?: number;
}

/** `GET /clob-markets/{condition_id}` (`MarketDetails`). */
export interface ClobMarketDetailsWire {
  readonly c: string;
  readonly t: readonly ({ readonly t: string; readonly o: string } | null)[];
  readonly mts: number;
  readonly nr?: boolean;
  readonly fd?: { readonly r?: number; readonly e?: number; readonly to?: boolean };
  readonly mbf?: number;
  readonly tbf?: number;
  readonly r: unknown;
  readonly ao?: boolean;
  readonly mos?: number;
  readonly sd?: number;
  readonly gst?: string;
  readonly cbos?: boolean;
  readonly aot?: string;
  readonly rfqe?: boolean;
  readonly itode?: boolean;
  readonly ibce?: boolean;
}
