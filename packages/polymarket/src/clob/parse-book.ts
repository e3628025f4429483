import { createOrderBook, inferTickSize, type OrderBook, type PriceLevel, type Result } from '@polymancer/core';
import type { PolymarketParseError } from '../errors.ts';
import { asArray, asObject, fail, guard, micros, type Obj, optBool, optMicros, reqString, timestampMs } from '../read.ts';

export interface BookParseOptions {
  /** Tick to use when the payload has no `tick_size` (older captures, WS `book`); else inferred from prices. */
  readonly tickSizeMicros?: number;
  /** Minimum order size when the payload has none; default 0. */
  readonly minOrderSizeMicros?: number;
}

/** What a wire book says beyond the levels. */
export interface BookMeta {
  readonly conditionId: string;
  readonly hash: string;
  readonly negRisk: boolean | undefined;
  readonly lastTradePriceMicros: number | undefined;
  /** Whether the tick came from the payload, the caller, or was inferred from the prices. */
  readonly tickSource: 'payload' | 'caller' | 'inferred';
}

export interface ParsedBook {
  readonly book: OrderBook;
  readonly meta: BookMeta;
}

/** `GET /book` response (or a WS `book` event) → a validated `OrderBook`, best level first. */
export function parseClobBook(json: unknown, options: BookParseOptions = {}): Result<ParsedBook, PolymarketParseError> {
  return guard(() => readBook(json, '$', options));
}

/** `POST /books` response → books. */
export function parseClobBooks(json: unknown, options: BookParseOptions = {}): Result<ParsedBook[], PolymarketParseError> {
  return guard(() => asArray(json, '$').map((b, i) => readBook(b, `$[${i}]`, options)));
}

export function readBook(json: unknown, path: string, options: BookParseOptions): ParsedBook {
  const o: Obj = asObject(json, path);
  const bids = readLevels(o.bids, `${path}.bids`);
  const asks = readLevels(o.asks, `${path}.asks`);
  const payloadTick = optMicros(o, 'tick_size', path);
  const tickSource = payloadTick !== undefined ? 'payload' : options.tickSizeMicros !== undefined ? 'caller' : 'inferred';
  const tickSizeMicros = payloadTick ?? options.tickSizeMicros ?? inferTickSize([...bids, ...asks].map((l) => l.priceMicros));
  const built = createOrderBook({
    tokenId: reqString(o, 'asset_id', path),
    bids,
    asks,
    tickSizeMicros,
    minOrderSizeMicros: optMicros(o, 'min_order_size', path) ?? options.minOrderSizeMicros ?? 0,
    timestampMs: timestampMs(o, 'timestamp', path),
  });
  if (!built.ok) fail(path, built.error.message);
  return {
    book: built.value,
    meta: {
      conditionId: reqString(o, 'market', path),
      hash: reqString(o, 'hash', path),
      negRisk: optBool(o, 'neg_risk', path),
      lastTradePriceMicros: optMicros(o, 'last_trade_price', path),
      tickSource,
    },
  };
}

function readLevels(v: unknown, path: string): PriceLevel[] {
  return asArray(v, path).map((level, i) => {
    const o = asObject(level, `${path}[${i}]`);
    return { priceMicros: micros(o.price, `${path}[${i}].price`), sizeMicros: micros(o.size, `${path}[${i}].size`) };
  });
}
