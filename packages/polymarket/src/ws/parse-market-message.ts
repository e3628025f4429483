import type { BookSide, Result } from '@polymancer/core';
import { type BookParseOptions, type ParsedBook, readBook } from '../clob/parse-book.ts';
import type { PolymarketParseError } from '../errors.ts';
import { asArray, asObject, fail, guard, integer, type Obj, optMicros, optString, reqMicros, reqString, stringList, timestampMs } from '../read.ts';

export interface LevelChange {
  readonly tokenId: string;
  readonly side: BookSide;
  readonly priceMicros: number;
  /** New total at the level; 0 removes it. */
  readonly sizeMicros: number;
  readonly hash: string | undefined;
  readonly bestBidMicros: number | undefined;
  readonly bestAskMicros: number | undefined;
}

/** Market-channel events, normalised to domain units. */
export type MarketEvent =
  | ({ readonly type: 'book' } & ParsedBook)
  | { readonly type: 'price_change'; readonly conditionId: string; readonly timestampMs: number; readonly changes: readonly LevelChange[] }
  | {
      readonly type: 'tick_size_change';
      readonly conditionId: string;
      readonly tokenId: string;
      readonly oldTickSizeMicros: number;
      readonly newTickSizeMicros: number;
      readonly timestampMs: number;
    }
  | {
      readonly type: 'last_trade_price';
      readonly conditionId: string;
      readonly tokenId: string;
      readonly side: 'BUY' | 'SELL';
      readonly priceMicros: number;
      readonly sizeMicros: number;
      readonly feeRateBps: number;
      readonly timestampMs: number;
    }
  | {
      readonly type: 'best_bid_ask';
      readonly conditionId: string;
      readonly tokenId: string;
      readonly bestBidMicros: number;
      readonly bestAskMicros: number;
      readonly spreadMicros: number;
      readonly timestampMs: number;
    }
  | {
      readonly type: 'new_market';
      readonly conditionId: string;
      readonly question: string;
      readonly tokenIds: readonly string[];
      readonly outcomes: readonly string[];
      readonly tickSizeMicros: number | undefined;
      readonly timestampMs: number;
    }
  | {
      readonly type: 'market_resolved';
      readonly conditionId: string;
      readonly tokenIds: readonly string[];
      readonly winningTokenId: string;
      readonly winningOutcome: string;
      readonly timestampMs: number;
    }
  /** Not a market-channel event we use (user-channel `order`/`trade`, RTDS topics, …): kept, not failed. */
  | { readonly type: 'ignored'; readonly eventType: string };

/** One WS frame (an event or an array of events) → events, in order. */
export function parseMarketMessage(json: unknown, options: BookParseOptions = {}): Result<MarketEvent[], PolymarketParseError> {
  return guard(() => (Array.isArray(json) ? json.map((e, i) => readEvent(e, `$[${i}]`, options)) : [readEvent(json, '$', options)]));
}

function readEvent(json: unknown, path: string, options: BookParseOptions): MarketEvent {
  const o: Obj = asObject(json, path);
  const eventType = optString(o, 'event_type', path) ?? optString(o, 'topic', path) ?? 'unknown';
  switch (eventType) {
    case 'book':
      return { type: 'book', ...readBook(o, path, options) };
    case 'price_change':
      return readPriceChange(o, path);
    case 'tick_size_change':
      return {
        type: 'tick_size_change',
        conditionId: reqString(o, 'market', path),
        tokenId: reqString(o, 'asset_id', path),
        oldTickSizeMicros: reqMicros(o, 'old_tick_size', path),
        newTickSizeMicros: reqMicros(o, 'new_tick_size', path),
        timestampMs: timestampMs(o, 'timestamp', path),
      };
    case 'last_trade_price':
      return {
        type: 'last_trade_price',
        conditionId: reqString(o, 'market', path),
        tokenId: reqString(o, 'asset_id', path),
        side: orderSide(o, path),
        priceMicros: reqMicros(o, 'price', path),
        sizeMicros: reqMicros(o, 'size', path),
        feeRateBps: integer(o.fee_rate_bps ?? 0, `${path}.fee_rate_bps`),
        timestampMs: timestampMs(o, 'timestamp', path),
      };
    case 'best_bid_ask':
      return {
        type: 'best_bid_ask',
        conditionId: reqString(o, 'market', path),
        tokenId: reqString(o, 'asset_id', path),
        bestBidMicros: reqMicros(o, 'best_bid', path),
        bestAskMicros: reqMicros(o, 'best_ask', path),
        spreadMicros: reqMicros(o, 'spread', path),
        timestampMs: timestampMs(o, 'timestamp', path),
      };
    case 'new_market':
      return {
        type: 'new_market',
        conditionId: reqString(o, 'market', path),
        question: optString(o, 'question', path) ?? '',
        tokenIds: stringList(o.assets_ids, `${path}.assets_ids`) ?? [],
        outcomes: stringList(o.outcomes, `${path}.outcomes`) ?? [],
        tickSizeMicros: optMicros(o, 'order_price_min_tick_size', path),
        timestampMs: timestampMs(o, 'timestamp', path),
      };
    case 'market_resolved':
      return {
        type: 'market_resolved',
        conditionId: reqString(o, 'market', path),
        tokenIds: stringList(o.assets_ids, `${path}.assets_ids`) ?? [],
        winningTokenId: reqString(o, 'winning_asset_id', path),
        winningOutcome: reqString(o, 'winning_outcome', path),
        timestampMs: timestampMs(o, 'timestamp', path),
      };
    default:
      return { type: 'ignored', eventType };
  }
}

function orderSide(o: Obj, path: string): 'BUY' | 'SELL' {
  const side = reqString(o, 'side', path);
  if (side !== 'BUY' && side !== 'SELL') fail(`${path}.side`, `expected BUY or SELL, got ${JSON.stringify(side)}`);
  return side;
}

function readChange(o: Obj, tokenId: string, path: string): LevelChange {
  return {
    tokenId,
    side: orderSide(o, path) === 'BUY' ? 'bids' : 'asks',
    priceMicros: reqMicros(o, 'price', path),
    sizeMicros: reqMicros(o, 'size', path),
    hash: optString(o, 'hash', path),
    bestBidMicros: optMicros(o, 'best_bid', path),
    bestAskMicros: optMicros(o, 'best_ask', path),
  };
}

function readPriceChange(o: Obj, path: string): MarketEvent {
  const conditionId = reqString(o, 'market', path);
  const ts = timestampMs(o, 'timestamp', path);
  if (o.price_changes === undefined) {
    // Legacy flat shape (2024): one change with the asset id at the top level.
    return { type: 'price_change', conditionId, timestampMs: ts, changes: [readChange(o, reqString(o, 'asset_id', path), path)] };
  }
  const changes = asArray(o.price_changes, `${path}.price_changes`).map((c, i) => {
    const entry = asObject(c, `${path}.price_changes[${i}]`);
    return readChange(entry, reqString(entry, 'asset_id', `${path}.price_changes[${i}]`), `${path}.price_changes[${i}]`);
  });
  return { type: 'price_change', conditionId, timestampMs: ts, changes };
}
