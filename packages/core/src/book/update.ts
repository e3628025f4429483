import { err, ok, type Result } from '../result.ts';
import { checkLevel, type InvalidBookError } from './order-book.ts';
import type { BookSide, OrderBook, PriceLevel } from './types.ts';

export interface LevelUpdate {
  readonly side: BookSide;
  readonly priceMicros: number;
  /** The new total at that price (not a delta); 0 removes the level. */
  readonly sizeMicros: number;
}

/**
 * Applies a level replacement (WS `price_change` semantics) and returns a new book; the input is
 * not modified. O(levels) per update, fine for books of a few hundred levels.
 */
export function applyLevelUpdate(book: OrderBook, update: LevelUpdate, timestampMs = book.timestampMs): Result<OrderBook, InvalidBookError> {
  const problem = checkLevel(update, book.tickSizeMicros);
  if (problem !== undefined) return err(problem);
  const levels = book[update.side].filter((l) => l.priceMicros !== update.priceMicros);
  if (update.sizeMicros > 0) {
    const better = update.side === 'bids' ? (l: PriceLevel) => l.priceMicros > update.priceMicros : (l: PriceLevel) => l.priceMicros < update.priceMicros;
    let at = 0;
    while (at < levels.length && better(levels[at] as PriceLevel)) at += 1;
    levels.splice(at, 0, { priceMicros: update.priceMicros, sizeMicros: update.sizeMicros });
  }
  return ok({ ...book, [update.side]: levels, timestampMs });
}
