/**
 * Market-channel WebSocket wire shapes (`wss://ws-subscriptions-clob.polymarket.com/ws/market`).
 * A frame holds one event object or an array of them.
 */
import type { OrderSummaryWire } from '../clob/wire.ts';

export interface WsBookWire {
  readonly event_type: 'book';
  readonly market: string;
  readonly asset_id: string;
  readonly timestamp: string;
  readonly hash: string;
  readonly bids: readonly OrderSummaryWire[];
  readonly asks: readonly OrderSummaryWire[];
  readonly tick_size?: string;
  readonly last_trade_price?: string;
}

export interface WsPriceChangeEntryWire {
  readonly asset_id: string;
  readonly price: string;
  /** New total size at the level; "0" removes it. */
  readonly size: string;
  /** BUY = a bid level, SELL = an ask level. */
  readonly side: 'BUY' | 'SELL';
  readonly hash?: string;
  readonly best_bid?: string;
  readonly best_ask?: string;
}

/** Current shape: several level changes per message. */
export interface WsPriceChangeWire {
  readonly event_type: 'price_change';
  readonly market: string;
  readonly timestamp: string;
  readonly price_changes: readonly WsPriceChangeEntryWire[];
}

/** Legacy (2024) flat shape: one change, asset id at the top level. */
export interface WsPriceChangeLegacyWire extends Omit<WsPriceChangeEntryWire, 'best_bid' | 'best_ask'> {
  readonly event_type: 'price_change';
  readonly market: string;
  readonly timestamp: string;
}

export interface WsTickSizeChangeWire {
  readonly event_type: 'tick_size_change';
  readonly asset_id: string;
  readonly market: string;
  readonly old_tick_size: string;
  readonly new_tick_size: string;
  readonly timestamp: string;
}

export interface WsLastTradePriceWire {
  readonly event_type: 'last_trade_price';
  readonly asset_id: string;
  readonly market: string;
  readonly price: string;
  readonly side: 'BUY' | 'SELL';
  readonly size: string;
  readonly fee_rate_bps: string;
  readonly timestamp: string;
}

export interface WsBestBidAskWire {
  readonly event_type: 'best_bid_ask';
  readonly asset_id: string;
  readonly market: string;
  readonly best_bid: string;
  readonly best_ask: string;
  readonly spread: string;
  readonly timestamp: string;
}

export interface WsNewMarketWire {
  readonly event_type: 'new_market';
  readonly market: string;
  readonly question: string;
  readonly assets_ids: readonly string[];
  readonly outcomes: readonly string[];
  readonly order_price_min_tick_size?: string;
  readonly timestamp: string;
}

export interface WsMarketResolvedWire {
  readonly event_type: 'market_resolved';
  readonly market: string;
  readonly assets_ids: readonly string[];
  readonly winning_asset_id: string;
  readonly winning_outcome: string;
  readonly timestamp: string;
}
