/**
 * Keeps one token's book current from market-channel events: a `book` replaces it, each
 * `price_change` entry for the token replaces a level, a `tick_size_change` updates the tick.
 * Events for other tokens are skipped. Returns the first failure (e.g. an off-tick level) as a value.
 */
import { applyLevelUpdate, type InvalidBookError, ok, type OrderBook, type Result } from '@polymancer/core';
import type { MarketEvent } from './parse-market-message.ts';

export function applyMarketEvent(book: OrderBook, event: MarketEvent): Result<OrderBook, InvalidBookError> {
  switch (event.type) {
    case 'book':
      return ok(event.book.tokenId === book.tokenId ? event.book : book);
    case 'tick_size_change':
      return ok(event.tokenId === book.tokenId ? { ...book, tickSizeMicros: event.newTickSizeMicros, timestampMs: event.timestampMs } : book);
    case 'price_change': {
      let current = book;
      for (const change of event.changes) {
        if (change.tokenId !== book.tokenId) continue;
        const next = applyLevelUpdate(current, change, event.timestampMs);
        if (!next.ok) return next;
        current = next.value;
      }
      return ok(current);
    }
    default:
      return ok(book);
  }
}

export function applyMarketEvents(book: OrderBook, events: Iterable<MarketEvent>): Result<OrderBook, InvalidBookError> {
  let current = book;
  for (const event of events) {
    const next = applyMarketEvent(current, event);
    if (!next.ok) return next;
    current = next.value;
  }
  return ok(current);
}
