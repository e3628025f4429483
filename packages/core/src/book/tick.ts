/** Polymarket's tick sizes, in micros: 0.1, 0.01, 0.001, 0.0001. */
export const TICK_SIZES_MICROS = [100_000, 10_000, 1_000, 100] as const;
export type TickSizeMicros = (typeof TICK_SIZES_MICROS)[number];

export const ONE_DOLLAR_MICROS = 1_000_000;

export function isValidTickSize(tickSizeMicros: number): tickSizeMicros is TickSizeMicros {
  return (TICK_SIZES_MICROS as readonly number[]).includes(tickSizeMicros);
}

export function isOnTick(priceMicros: number, tickSizeMicros: number): boolean {
  return Number.isSafeInteger(priceMicros) && priceMicros % tickSizeMicros === 0;
}

/** The venue accepts order prices in [tick, 1 − tick]. */
export function isPriceInRange(priceMicros: number, tickSizeMicros: number): boolean {
  return priceMicros >= tickSizeMicros && priceMicros <= ONE_DOLLAR_MICROS - tickSizeMicros;
}

/** On tick and within [tick, 1 − tick]. */
export function isValidOrderPrice(priceMicros: number, tickSizeMicros: number): boolean {
  return isOnTick(priceMicros, tickSizeMicros) && isPriceInRange(priceMicros, tickSizeMicros);
}

/**
 * The coarsest standard tick every price sits on — for books whose wire form omits `tick_size`
 * (older captures). Returns the finest tick (0.0001) when nothing coarser fits.
 */
export function inferTickSize(pricesMicros: Iterable<number>): TickSizeMicros {
  const prices = [...pricesMicros];
  for (const tick of TICK_SIZES_MICROS) {
    if (prices.every((p) => p % tick === 0)) return tick;
  }
  return 100;
}
