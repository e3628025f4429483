import { divRound, toSafeNumber } from '../money/rounding.ts';
import type { BookSide, OrderBook, PriceLevel } from './types.ts';

export function bestBid(book: OrderBook): PriceLevel | undefined {
  return book.bids[0];
}

export function bestAsk(book: OrderBook): PriceLevel | undefined {
  return book.asks[0];
}

/** (best bid + best ask) / 2, half-even to the micro; undefined when either side is empty. */
export function midpointMicros(book: OrderBook): number | undefined {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid === undefined || ask === undefined) return undefined;
  return toSafeNumber(divRound(BigInt(bid.priceMicros) + BigInt(ask.priceMicros), 2n, 'half-even'));
}

/** best ask − best bid (negative when crossed); undefined when either side is empty. */
export function spreadMicros(book: OrderBook): number | undefined {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid === undefined || ask === undefined) return undefined;
  return ask.priceMicros - bid.priceMicros;
}

export function isCrossed(book: OrderBook): boolean {
  const spread = spreadMicros(book);
  return spread !== undefined && spread <= 0;
}

export interface VisibleDepth {
  readonly levels: number;
  readonly sharesMicros: number;
  /** Σ size × price, floored per level to the micro. */
  readonly notionalMicros: number;
}

/** Everything visible on one side of the book. */
export function visibleDepth(book: OrderBook, side: BookSide): VisibleDepth {
  let shares = 0n;
  let notional = 0n;
  const levels = book[side];
  for (const level of levels) {
    shares += BigInt(level.sizeMicros);
    notional += divRound(BigInt(level.sizeMicros) * BigInt(level.priceMicros), 1_000_000n, 'floor');
  }
  return { levels: levels.length, sharesMicros: toSafeNumber(shares), notionalMicros: toSafeNumber(notional) };
}

/** Total shares visible on one side (cheaper than `visibleDepth` when notional is not needed). */
export function visibleSharesMicros(book: OrderBook, side: BookSide): number {
  let shares = 0;
  for (const level of book[side]) shares += level.sizeMicros;
  if (!Number.isSafeInteger(shares)) throw new RangeError('visible depth exceeds the safe integer range');
  return shares;
}

/** The side a taker order consumes: a BUY lifts asks, a SELL hits bids. */
export function sideTakenBy(orderSide: 'BUY' | 'SELL'): BookSide {
  return orderSide === 'BUY' ? 'asks' : 'bids';
}
