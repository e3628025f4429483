/**
 * The limit price a live FOK order is signed with (spec "Price Movement": reject if the price moved more
 * than `max_acceptable_price_movement_percent`, default 1 %, against the user between decision and
 * execution). The exchange matches a FOK only at levels no worse than its price, so the price is the worst
 * level the prediction touched moved by at most that much — snapped to the tick toward the user, so a move
 * of one tick that is over the allowance is refused — and never looser than the strategy's own limit. With
 * the book as predicted the order fills; with the book moved further against the user the exchange kills it.
 */
import type { Side } from '../fees/fee-model.ts';

export interface PriceBandInput {
  readonly side: Side;
  /** The worst level the prediction touched (the simulated fill's `worstPriceMicros`). */
  readonly worstPriceMicros: number;
  /** The strategy's limit for the decision. */
  readonly strategyLimitMicros: number;
  readonly maxPriceMovementBps: number;
  readonly tickSizeMicros: number;
}

export function liveOrderLimitPrice(input: PriceBandInput): number {
  const { side, worstPriceMicros: worst, strategyLimitMicros: limit, maxPriceMovementBps: bps, tickSizeMicros: tick } = input;
  if (side === 'BUY') {
    const band = Math.max(worst, Math.floor((worst * (10_000 + bps)) / (10_000 * tick)) * tick);
    return Math.min(limit, band, 1_000_000 - tick);
  }
  const band = Math.min(worst, Math.ceil((worst * (10_000 - bps)) / (10_000 * tick)) * tick);
  return Math.max(limit, band, tick);
}
