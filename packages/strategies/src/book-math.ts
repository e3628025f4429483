/**
 * Integer helpers every strategy shares: best prices, midpoint, tick rounding, visible depth within
 * a limit. Prices are micros per share in (0, 1_000_000); sizes are share micros. Level order in a
 * book is not assumed. Collateral for `shares × price` is `shares × price / 10^6`, rounded as named.
 */
import { mulDiv, type Rounding } from '@polymancer/core';
import type { BookLevel, BookSnapshot } from './input.ts';

export const ONE_DOLLAR_MICROS = 1_000_000;

const live = (levels: readonly BookLevel[]) => levels.filter((l) => l.sizeMicros > 0 && l.priceMicros > 0);

export function bestBid(book: BookSnapshot): BookLevel | undefined {
  let best: BookLevel | undefined;
  for (const level of live(book.bids)) if (best === undefined || level.priceMicros > best.priceMicros) best = level;
  return best;
}

export function bestAsk(book: BookSnapshot): BookLevel | undefined {
  let best: BookLevel | undefined;
  for (const level of live(book.asks)) if (best === undefined || level.priceMicros < best.priceMicros) best = level;
  return best;
}

/** (best bid + best ask) / 2, rounded half-even; undefined unless both sides quote. */
export function midpointMicros(book: BookSnapshot): number | undefined {
  const bid = bestBid(book);
  const ask = bestAsk(book);
  if (bid === undefined || ask === undefined) return undefined;
  return mulDiv(bid.priceMicros + ask.priceMicros, 1, 2, 'half-even');
}

/** Rounds a price to a multiple of the tick. */
export function toTick(priceMicros: number, tickSizeMicros: number, rounding: Rounding): number {
  return mulDiv(priceMicros, 1, tickSizeMicros, rounding) * tickSizeMicros;
}

/** The tradeable price range of a binary outcome: one tick above 0 to one tick below 1. */
export function clampToBook(priceMicros: number, tickSizeMicros: number): number {
  return Math.min(Math.max(priceMicros, tickSizeMicros), ONE_DOLLAR_MICROS - tickSizeMicros);
}

export function isOnTick(priceMicros: number, tickSizeMicros: number): boolean {
  return Number.isSafeInteger(priceMicros) && priceMicros % tickSizeMicros === 0;
}

/** Collateral (micros) needed to buy every ask at or below `limitPriceMicros`, rounded down. */
export function askCollateralWithin(book: BookSnapshot, limitPriceMicros: number): number {
  let total = 0;
  for (const level of live(book.asks)) {
    if (level.priceMicros <= limitPriceMicros) total += mulDiv(level.sizeMicros, level.priceMicros, ONE_DOLLAR_MICROS, 'floor');
  }
  return total;
}

/** Shares (micros) resting on bids at or above `limitPriceMicros`. */
export function bidSharesWithin(book: BookSnapshot, limitPriceMicros: number): number {
  let total = 0;
  for (const level of live(book.bids)) if (level.priceMicros >= limitPriceMicros) total += level.sizeMicros;
  return total;
}

/** Shares a collateral amount buys at a price, rounded down. */
export function sharesFor(amountMicros: number, priceMicros: number): number {
  return mulDiv(amountMicros, ONE_DOLLAR_MICROS, priceMicros, 'floor');
}

/** Arithmetic mean of integer prices, rounded half-even. `values` must not be empty. */
export function meanMicros(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return mulDiv(sum, 1, values.length, 'half-even');
}
