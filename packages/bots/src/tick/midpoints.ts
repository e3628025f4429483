import type { StrategyConfig } from '@polymancer/strategies';
import type { MidpointHistory } from './tick-store.ts';

/** How many past midpoints the strategy can use: its window, or its lookback plus one. */
export function midpointsNeeded(strategy: StrategyConfig): number {
  switch (strategy.kind) {
    case 'mean-reversion':
      return strategy.params.windowSize;
    case 'momentum':
      return strategy.params.lookbackMoves + 1;
    case 'llm':
      return 0;
  }
}

/** Appends this tick's midpoints, keeping `keep` per token and only tokens still watched. */
export function appendMidpoints(history: MidpointHistory, mids: ReadonlyMap<string, number>, atMs: number, keep: number, watched: ReadonlySet<string>): MidpointHistory {
  const out: Record<string, ReadonlyArray<readonly [number, number]>> = {};
  if (keep <= 0) return out;
  for (const tokenId of watched) {
    const past = history[tokenId] ?? [];
    const mid = mids.get(tokenId);
    const next = mid === undefined ? past : [...past, [atMs, mid] as const];
    if (next.length > 0) out[tokenId] = next.slice(-keep);
  }
  return out;
}
