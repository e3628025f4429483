import type { Position } from './position.ts';

/** Cost basis held across the given outcome tokens (one market's), for `maxPositionPerMarket`. */
export function marketCostBasisMicros(positions: Iterable<Position>, marketTokenIds: Iterable<string>): number {
  const tokens = new Set(marketTokenIds);
  let total = 0;
  for (const p of positions) if (tokens.has(p.tokenId)) total += p.costBasisMicros;
  return total;
}
