import { midpointMicros } from '../book/queries.ts';
import type { OrderBook } from '../book/types.ts';
import { type Position, unrealizedPnlMicros } from './position.ts';

/** Unrealized P&L marked at the book's midpoint; undefined when the book has no midpoint. */
export function unrealizedAtMidpointMicros(position: Position, book: OrderBook): number | undefined {
  const mid = midpointMicros(book);
  return mid === undefined ? undefined : unrealizedPnlMicros(position, mid);
}
