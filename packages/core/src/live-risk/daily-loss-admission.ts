/**
 * The live daily loss limit, enforced atomically (spec: "Hard stop when daily loss limit hit").
 *
 * A live order's loss is not known when it is placed, and several ticks may place orders at once.
 * So an order is admitted only while today's recorded loss plus the worst-case loss of every order
 * still in flight is under the limit; admitting adds this order's worst case to the in-flight total.
 * The caller runs the admission under one lock per (bot, UTC day) (see the db's risk ledger), so
 * two ticks can never both pass on the same headroom. Consequence (the guarantee tested on Postgres):
 * the day's loss never exceeds the limit by more than one order's worst-case loss.
 *
 * A BUY's worst case is everything it spends (notional + fee: the outcome can resolve to zero);
 * a SELL reduces exposure and is always admitted with worst case 0 (blocking it could only grow the loss).
 */
import { formatMicros } from '../money/decimal.ts';
import { type LiveCheckResult, livePass, liveTrip } from './live-check.ts';

export interface DailyLossAdmission {
  /** null = the bot has no daily loss limit. */
  readonly limitMicros: number | null;
  /** Today's loss recorded so far (positive = loss; gains count as 0). */
  readonly lossMicros: number;
  /** Worst-case loss of orders admitted today and not yet settled. */
  readonly inFlightWorstMicros: number;
  readonly side: 'BUY' | 'SELL';
}

export function admitAgainstDailyLoss(context: DailyLossAdmission): LiveCheckResult {
  if (context.limitMicros === null || context.side === 'SELL') return livePass;
  const committed = Math.max(0, context.lossMicros) + context.inFlightWorstMicros;
  if (committed < context.limitMicros) return livePass;
  return liveTrip(
    'daily_loss_limit_reached',
    `today's loss of $${formatMicros(Math.max(0, context.lossMicros))} with $${formatMicros(context.inFlightWorstMicros)} at risk in open orders has reached the daily loss limit of $${formatMicros(context.limitMicros)}; live buying resumes tomorrow (UTC)`,
  );
}

/** Worst-case loss of an order: a BUY can lose all it spends; a SELL nothing beyond what is held. */
export function worstCaseLossMicros(side: 'BUY' | 'SELL', costMicros: number): number {
  return side === 'BUY' ? costMicros : 0;
}
