/**
 * Picks one decision out of per-token findings, deterministically: a sizable sell beats a sizable
 * buy (take the exit first), a larger edge beats a smaller one, and input order breaks ties. When
 * nothing is tradeable the hold names the most specific reason found.
 */
import { type Decision, type HoldCode, hold, type TradeDecision } from '../decision.ts';

export type Finding =
  | { readonly kind: 'trade'; readonly decision: TradeDecision; readonly edgeMicros: number }
  | { readonly kind: 'hold'; readonly code: HoldCode; readonly reason: string };

// Later entries are more specific: a signal that could not be sized says more than "no history".
const SPECIFICITY: readonly HoldCode[] = [
  'no_signal',
  'empty_book',
  'insufficient_history',
  'no_position',
  'insufficient_depth',
  'position_limit',
  'below_min_order_size',
  'insufficient_balance',
];

export function choose(findings: readonly Finding[]): Decision {
  let best: { decision: TradeDecision; edgeMicros: number } | undefined;
  for (const f of findings) {
    if (f.kind !== 'trade') continue;
    if (best === undefined) {
      best = f;
      continue;
    }
    const sideWins = f.decision.side === 'sell' && best.decision.side === 'buy';
    const sameSide = f.decision.side === best.decision.side;
    if (sideWins || (sameSide && f.edgeMicros > best.edgeMicros)) best = f;
  }
  if (best !== undefined) return best.decision;

  const holds = findings.filter((f): f is Extract<Finding, { kind: 'hold' }> => f.kind === 'hold');
  if (holds.length === 0) return hold('no_signal', 'no outcome token to watch');
  let code: HoldCode = 'no_signal';
  for (const h of holds) if (SPECIFICITY.indexOf(h.code) > SPECIFICITY.indexOf(code)) code = h.code;
  return hold(code, holds.map((h) => h.reason).join('; '));
}
