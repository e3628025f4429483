/**
 * Circuit breakers (spec "Circuit Breakers"): platform-wide stops for all live trading.
 *
 * - `bot_failures`: more than 20 % of live bots failed within the last 10 minutes.
 * - `exchange_errors`: the exchange API's error rate over the window is above 50 %, judged only once
 *   the window holds a minimum number of calls (one failed call of one is not a rate).
 *
 * Semantics: pure evaluation over counts the caller gathered for the window. A tripped breaker stays
 * open until an operator resumes it; evaluation never closes one. Counts after a resume start from
 * the resume instant, so the failures that tripped it cannot trip it again. Ratios are compared in
 * integers: failing × 10 000 > total × thresholdBps.
 */
export type BreakerName = 'bot_failures' | 'exchange_errors';
export const breakerNames: readonly BreakerName[] = ['bot_failures', 'exchange_errors'];

export interface BreakerPolicy {
  readonly windowMs: number;
  /** bot_failures: trips when failing bots / live bots is above this (2 000 = 20 %). */
  readonly botFailureThresholdBps: number;
  /** bot_failures: fewest live bots for the ratio to count. */
  readonly botFailureMinBots: number;
  /** exchange_errors: trips when errors / calls is above this (5 000 = 50 %). */
  readonly exchangeErrorThresholdBps: number;
  /** exchange_errors: fewest calls in the window for the rate to count. */
  readonly exchangeErrorMinCalls: number;
}

export const defaultBreakerPolicy: BreakerPolicy = {
  windowMs: 10 * 60_000,
  botFailureThresholdBps: 2_000,
  botFailureMinBots: 1,
  exchangeErrorThresholdBps: 5_000,
  exchangeErrorMinCalls: 20,
};

export interface BreakerWindowCounts {
  /** Live bots that are active (or were trading) in the window. */
  readonly liveBots: number;
  /** Distinct live bots with at least one failure in the window. */
  readonly failingBots: number;
  /** Exchange API calls made in the window, and how many failed (5xx, 429, 425, timeouts, refused connections). */
  readonly exchangeCalls: number;
  readonly exchangeErrors: number;
}

export interface BreakerTrip {
  readonly name: BreakerName;
  readonly reason: string;
  readonly details: Readonly<Record<string, number>>;
}

function over(part: number, whole: number, thresholdBps: number): boolean {
  return whole > 0 && part * 10_000 > whole * thresholdBps;
}

function pct(bps: number): string {
  return `${bps / 100} %`;
}

/** Which breakers the window's counts trip (in `breakerNames` order). */
export function evaluateBreakers(counts: BreakerWindowCounts, policy: BreakerPolicy = defaultBreakerPolicy): readonly BreakerTrip[] {
  const trips: BreakerTrip[] = [];
  const minutes = Math.round(policy.windowMs / 60_000);
  if (counts.liveBots >= policy.botFailureMinBots && over(counts.failingBots, counts.liveBots, policy.botFailureThresholdBps)) {
    trips.push({
      name: 'bot_failures',
      reason: `${counts.failingBots} of ${counts.liveBots} live bots failed within ${minutes} minutes (over ${pct(policy.botFailureThresholdBps)}): all live trading is paused until an operator resumes it`,
      details: { failingBots: counts.failingBots, liveBots: counts.liveBots, windowMs: policy.windowMs },
    });
  }
  if (counts.exchangeCalls >= policy.exchangeErrorMinCalls && over(counts.exchangeErrors, counts.exchangeCalls, policy.exchangeErrorThresholdBps)) {
    trips.push({
      name: 'exchange_errors',
      reason: `${counts.exchangeErrors} of ${counts.exchangeCalls} exchange API calls failed within ${minutes} minutes (over ${pct(policy.exchangeErrorThresholdBps)}): all live trading is paused until an operator resumes it`,
      details: { exchangeErrors: counts.exchangeErrors, exchangeCalls: counts.exchangeCalls, windowMs: policy.windowMs },
    });
  }
  return trips;
}

/** Where a window starts: `windowMs` before now, but never before the breaker's last resume. */
export function breakerWindowStart(now: Date, windowMs: number, resumedAt: Date | null): Date {
  const start = now.getTime() - windowMs;
  return new Date(resumedAt === null ? start : Math.max(start, resumedAt.getTime()));
}

/** Whether an exchange answer counts as an API error for the breaker: 5xx (incl. 503 modes), 429, 425, no answer. */
export function isExchangeApiError(status: number | null): boolean {
  return status === null || status >= 500 || status === 429 || status === 425;
}
