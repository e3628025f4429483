import { PolymancerError } from '../errors/base.ts';
import { err, ok, type Result } from '../result.ts';
import { isValidTickSize, ONE_DOLLAR_MICROS, isOnTick } from './tick.ts';
import type { OrderBook, PriceLevel } from './types.ts';

export type InvalidBookReason = 'invalid_tick_size' | 'off_tick' | 'price_out_of_range' | 'invalid_size' | 'invalid_min_order_size';

/** A book that breaks an invariant of `OrderBook`. */
export class InvalidBookError extends PolymancerError {
  readonly code = 'invalid_order_book';
  readonly reason: InvalidBookReason;
  constructor(reason: InvalidBookReason, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message, { details: { reason, ...details } });
    this.reason = reason;
  }
}

export interface OrderBookInput {
  readonly tokenId: string;
  /** Any order; levels at the same price are summed, zero sizes dropped. */
  readonly bids: readonly PriceLevel[];
  readonly asks: readonly PriceLevel[];
  readonly tickSizeMicros: number;
  readonly minOrderSizeMicros?: number;
  readonly timestampMs: number;
}

/**
 * Validates and normalises a book: standard tick size; every price an integer on tick and strictly
 * between 0 and 1; sizes positive safe integers. A crossed book is accepted (real feeds cross
 * briefly) — see `isCrossed`.
 */
export function createOrderBook(input: OrderBookInput): Result<OrderBook, InvalidBookError> {
  const tick = input.tickSizeMicros;
  if (!isValidTickSize(tick)) {
    return err(new InvalidBookError('invalid_tick_size', `tick size ${tick} micros is not one of 0.1, 0.01, 0.001, 0.0001`, { tick }));
  }
  const minOrderSizeMicros = input.minOrderSizeMicros ?? 0;
  if (!Number.isSafeInteger(minOrderSizeMicros) || minOrderSizeMicros < 0) {
    return err(new InvalidBookError('invalid_min_order_size', 'minimum order size must be a non-negative integer', { minOrderSizeMicros }));
  }
  const bids = normaliseSide(input.bids, tick, 'desc');
  if (!bids.ok) return bids;
  const asks = normaliseSide(input.asks, tick, 'asc');
  if (!asks.ok) return asks;
  return ok({
    tokenId: input.tokenId,
    bids: bids.value,
    asks: asks.value,
    tickSizeMicros: tick,
    minOrderSizeMicros,
    timestampMs: input.timestampMs,
  });
}

export function checkLevel(level: PriceLevel, tickSizeMicros: number): InvalidBookError | undefined {
  const { priceMicros, sizeMicros } = level;
  if (!Number.isSafeInteger(priceMicros) || priceMicros <= 0 || priceMicros >= ONE_DOLLAR_MICROS) {
    return new InvalidBookError('price_out_of_range', `price ${priceMicros} micros is not strictly between 0 and 1`, { priceMicros });
  }
  if (!isOnTick(priceMicros, tickSizeMicros)) {
    return new InvalidBookError('off_tick', `price ${priceMicros} micros is not on tick ${tickSizeMicros}`, { priceMicros, tickSizeMicros });
  }
  if (!Number.isSafeInteger(sizeMicros) || sizeMicros < 0) {
    return new InvalidBookError('invalid_size', `size ${sizeMicros} at ${priceMicros} is not a non-negative integer`, { priceMicros, sizeMicros });
  }
  return undefined;
}

function normaliseSide(levels: readonly PriceLevel[], tick: number, order: 'asc' | 'desc'): Result<PriceLevel[], InvalidBookError> {
  const byPrice = new Map<number, number>();
  for (const level of levels) {
    const problem = checkLevel(level, tick);
    if (problem !== undefined) return err(problem);
    const total = (byPrice.get(level.priceMicros) ?? 0) + level.sizeMicros;
    if (!Number.isSafeInteger(total)) return err(new InvalidBookError('invalid_size', 'level size overflows', { priceMicros: level.priceMicros }));
    byPrice.set(level.priceMicros, total);
  }
  const out: PriceLevel[] = [];
  for (const [priceMicros, sizeMicros] of byPrice) if (sizeMicros > 0) out.push({ priceMicros, sizeMicros });
  out.sort((a, b) => (order === 'asc' ? a.priceMicros - b.priceMicros : b.priceMicros - a.priceMicros));
  return ok(out);
}
