/** Test helper (not exported from the package): a book from decimal strings, best level first or any order. */
import { parseMicros } from '../money/decimal.ts';
import { createOrderBook } from './order-book.ts';
import type { OrderBook, PriceLevel } from './types.ts';

function micros(s: string): number {
  const r = parseMicros(s);
  if (!r.ok) throw r.error;
  return r.value;
}

export function levels(rows: ReadonlyArray<readonly [price: string, size: string]>): PriceLevel[] {
  return rows.map(([p, s]) => ({ priceMicros: micros(p), sizeMicros: micros(s) }));
}

export function bookOf(spec: {
  bids?: ReadonlyArray<readonly [string, string]>;
  asks?: ReadonlyArray<readonly [string, string]>;
  tick?: string;
  minOrderSize?: string;
  tokenId?: string;
  timestampMs?: number;
}): OrderBook {
  const r = createOrderBook({
    tokenId: spec.tokenId ?? 'tok',
    bids: levels(spec.bids ?? []),
    asks: levels(spec.asks ?? []),
    tickSizeMicros: micros(spec.tick ?? '0.01'),
    minOrderSizeMicros: micros(spec.minOrderSize ?? '0'),
    timestampMs: spec.timestampMs ?? 0,
  });
  if (!r.ok) throw r.error;
  return r.value;
}
