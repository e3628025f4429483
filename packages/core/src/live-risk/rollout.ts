/**
 * Graduated rollout (spec "Graduated Rollout"): from the platform's rollout start date, weeks 1–2
 * cap every live trade at $1, weeks 3–4 at $10, then the bot's own limits apply. Separately, a user's
 * first live month caps their live volume per UTC day at $100 (across all their live bots); after 30
 * days their own limits apply.
 *
 * Semantics: weeks are counted in whole 7-day periods from the start instant; a trade's size is BUY
 * notional + fee or SELL notional (as `maxTradeSize`). Before the rollout start no live BUY passes.
 * Neither cap ever blocks a SELL: a sale only reduces exposure, and a bot that built a position (or
 * holds one bought before the caps tightened) must always be able to leave it. A SELL still counts
 * toward the day's volume (the caller adds it), so it narrows the day's room for BUYs.
 */
import { formatMicros } from '../money/decimal.ts';
import { type LiveCheckResult, livePass, liveTrip } from './live-check.ts';

const DAY_MS = 86_400_000;
export const ROLLOUT_WEEK_1_2_MAX_TRADE_MICROS = 1_000_000;
export const ROLLOUT_WEEK_3_4_MAX_TRADE_MICROS = 10_000_000;
export const NEW_LIVE_USER_DAILY_VOLUME_MICROS = 100_000_000;
export const NEW_LIVE_USER_PERIOD_DAYS = 30;

export type RolloutPhase =
  | { readonly phase: 'not_started'; readonly maxTradeMicros: 0 }
  | { readonly phase: 'weeks_1_2' | 'weeks_3_4'; readonly maxTradeMicros: number }
  | { readonly phase: 'full'; readonly maxTradeMicros: null };

/** The platform's rollout phase at `now`; `startedAt` null = no rollout configured (full limits). */
export function rolloutPhase(startedAt: Date | null, now: Date): RolloutPhase {
  if (startedAt === null) return { phase: 'full', maxTradeMicros: null };
  const elapsed = now.getTime() - startedAt.getTime();
  if (elapsed < 0) return { phase: 'not_started', maxTradeMicros: 0 };
  if (elapsed < 14 * DAY_MS) return { phase: 'weeks_1_2', maxTradeMicros: ROLLOUT_WEEK_1_2_MAX_TRADE_MICROS };
  if (elapsed < 28 * DAY_MS) return { phase: 'weeks_3_4', maxTradeMicros: ROLLOUT_WEEK_3_4_MAX_TRADE_MICROS };
  return { phase: 'full', maxTradeMicros: null };
}

export interface RolloutTradeContext {
  readonly rolloutStartedAt: Date | null;
  readonly side: 'BUY' | 'SELL';
  readonly tradeSizeMicros: number;
}

export function checkRolloutTradeCap(context: RolloutTradeContext, now: Date): LiveCheckResult {
  if (context.side === 'SELL') return livePass;
  const phase = rolloutPhase(context.rolloutStartedAt, now);
  if (phase.maxTradeMicros === null || context.tradeSizeMicros <= phase.maxTradeMicros) return livePass;
  if (phase.phase === 'not_started') {
    return liveTrip('rollout_trade_cap_exceeded', `live trading opens on ${context.rolloutStartedAt?.toISOString()}; no live trade before the rollout starts`);
  }
  const weeks = phase.phase === 'weeks_1_2' ? 'weeks 1–2' : 'weeks 3–4';
  return liveTrip(
    'rollout_trade_cap_exceeded',
    `trade of $${formatMicros(context.tradeSizeMicros)} exceeds the $${formatMicros(phase.maxTradeMicros)} maximum live trade during ${weeks} of the platform's graduated rollout`,
  );
}

/** Whether a user who first traded live at `firstLiveAt` is still in their first live month at `now`. */
export function inFirstLiveMonth(firstLiveAt: Date | null, now: Date): boolean {
  if (firstLiveAt === null) return true; // their first live trade would start it now
  return now.getTime() - firstLiveAt.getTime() < NEW_LIVE_USER_PERIOD_DAYS * DAY_MS;
}

export interface NewLiveUserVolumeContext {
  /** When the user's first live month began (their first live bot went live); null = not yet. */
  readonly firstLiveAt: Date | null;
  /** Live volume the user has already traded (or has in flight) today, UTC, across their live bots. */
  readonly volumeTodayMicros: number;
  readonly side: 'BUY' | 'SELL';
  readonly tradeSizeMicros: number;
}

/** In the first 30 days live, a user's live BUYs stop once the day's live volume would pass $100 (a SELL is never blocked). */
export function checkNewLiveUserVolume(context: NewLiveUserVolumeContext, now: Date): LiveCheckResult {
  if (context.side === 'SELL') return livePass;
  if (!inFirstLiveMonth(context.firstLiveAt, now)) return livePass;
  const after = context.volumeTodayMicros + context.tradeSizeMicros;
  if (after <= NEW_LIVE_USER_DAILY_VOLUME_MICROS) return livePass;
  return liveTrip(
    'new_live_user_daily_volume_cap_exceeded',
    `today's live volume would reach $${formatMicros(after)}, over the $100 a day allowed in a user's first ${NEW_LIVE_USER_PERIOD_DAYS} days of live trading`,
  );
}
