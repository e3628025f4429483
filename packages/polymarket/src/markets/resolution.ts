import type { MarketOutcome, MarketResolution } from './types.ts';

/**
 * A closed market is resolved when exactly one outcome is the winner. With `winnerFlags` (CLOB
 * `tokens[].winner`) only the flags count: the CLOB's token prices are last prices, and older
 * closed markets show 1/0 prices without a flagged winner. Without flags (Gamma), the outcome
 * priced exactly 1 with every other at 0 wins (`outcomePrices` are the payouts once resolved).
 * Anything else closed — 0/0 legacy prices, scalar splits — is `closed` without a winner.
 */
export function resolutionOf(closed: boolean, outcomes: readonly MarketOutcome[], winnerFlags?: readonly boolean[]): MarketResolution {
  if (!closed) return { state: 'open' };
  let winner = -1;
  if (winnerFlags !== undefined) {
    if (winnerFlags.filter(Boolean).length === 1) winner = winnerFlags.indexOf(true);
  } else if (outcomes.length > 0) {
    const ones = outcomes.filter((o) => o.priceMicros === 1_000_000).length;
    const zeros = outcomes.filter((o) => o.priceMicros === 0).length;
    if (ones === 1 && ones + zeros === outcomes.length) winner = outcomes.findIndex((o) => o.priceMicros === 1_000_000);
  }
  const won = outcomes[winner];
  if (won === undefined || won.tokenId === '') return { state: 'closed' };
  return { state: 'resolved', winningOutcomeIndex: winner, winningTokenId: won.tokenId, winningOutcome: won.outcome };
}
