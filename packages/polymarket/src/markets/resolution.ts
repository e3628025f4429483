import type { MarketOutcome, MarketResolution, OutcomePayout } from './types.ts';

/**
 * A closed market's resolution: what each outcome's share pays.
 * - With `winnerFlags` (CLOB `tokens[].winner`) only the flags count: exactly one flagged outcome
 *   pays 1, the others 0 (the CLOB's token prices are last prices, not payouts).
 * - Without flags (Gamma), a closed market's `outcomePrices` are its payouts once resolved: a 1/0
 *   winner, a 50/50 split (how Polymarket settles a market it resolves "invalid" or "50-50"), or a
 *   legacy scalar split (e.g. 0.5843…/0.4156…). They must all be known and sum to one dollar (within
 *   the display rounding of one micro per outcome; any excess is taken off the largest payout).
 * - Anything else closed — 0/0 legacy prices, prices that do not sum to 1 — is `closed` with no
 *   known payouts: positions stay open until the payouts are known.
 *
 * Known limitation: a Gamma market flagged closed whose prices still sum to 1 but are not final
 * would be read as settled at those prices; Gamma sets `closed` once the market has resolved.
 */
export function resolutionOf(closed: boolean, outcomes: readonly MarketOutcome[], winnerFlags?: readonly boolean[]): MarketResolution {
  if (!closed || outcomes.length === 0 || outcomes.some((o) => o.tokenId === '')) return closed ? { state: 'closed' } : { state: 'open' };
  let payouts: number[] | undefined;
  if (winnerFlags !== undefined) {
    if (winnerFlags.filter(Boolean).length === 1) payouts = outcomes.map((_, i) => (winnerFlags[i] === true ? 1_000_000 : 0));
  } else {
    const prices = outcomes.map((o) => o.priceMicros);
    if (prices.every((p): p is number => p !== undefined && p >= 0 && p <= 1_000_000)) {
      const sum = prices.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1_000_000) <= outcomes.length) {
        payouts = [...prices];
        const excess = sum - 1_000_000;
        if (excess > 0) {
          const largest = payouts.indexOf(Math.max(...payouts));
          payouts[largest] = (payouts[largest] ?? 0) - excess;
        }
      }
    }
  }
  if (payouts === undefined) return { state: 'closed' };
  const list: OutcomePayout[] = outcomes.map((o, i) => ({ tokenId: o.tokenId, outcome: o.outcome, payoutMicros: payouts[i] ?? 0 }));
  const winner = payouts.indexOf(1_000_000);
  const won = outcomes[winner];
  if (won === undefined) return { state: 'resolved', payouts: list };
  return { state: 'resolved', payouts: list, winningOutcomeIndex: winner, winningTokenId: won.tokenId, winningOutcome: won.outcome };
}
