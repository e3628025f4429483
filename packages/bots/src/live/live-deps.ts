import type { LiveOrderStore } from './live-order.ts';
import type { LiveAccountPort, LiveVenue } from './ports.ts';

/** Named points of the live order path where crash tests stop the process (`POLYMANCER_LIVE_FAULT`). */
export type LiveFaultPoint = 'after_sign' | 'after_submitting' | 'after_post' | 'before_record';

export interface LiveDeps {
  readonly accounts: LiveAccountPort;
  readonly venue: LiveVenue;
  readonly orders: LiveOrderStore;
  /** Waits between posts of the same signed order after a 425 / 429; tests pass one that moves a manual clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Posts of one signed order while the exchange answers 425 / 429; default 4. */
  readonly maxPostAttempts?: number;
  /** First backoff after a 425 (doubled each time) unless the exchange says `Retry-After`; default 500 ms. */
  readonly backoffMs?: number;
  /**
   * An unreconciled order the exchange does not know is declared `not_found` only once it is this
   * old (a post may still be in flight); default 120 000 ms.
   */
  readonly notFoundGraceMs?: number;
  readonly faultHook?: (point: LiveFaultPoint) => void | Promise<void>;
  /** Live risk admission (`@polymancer/safety`'s `createLiveRisk`): rollout caps, new user's volume, daily loss. Absent = paper's guards only. */
  readonly risk?: LiveRiskGate;
  /** Circuit breakers (`@polymancer/safety`'s `createBreakers`): checked right before posting; every post's answer and every live failure reported. */
  readonly breakers?: LiveBreakerGate;
}

export interface LiveRiskAdmission {
  /** The live order's id: the reservation is settled under it (also by reconciliation). */
  readonly reservationId: string;
  readonly botId: string;
  readonly userId: string;
  readonly side: 'BUY' | 'SELL';
  /** BUY notional + fee, SELL notional. */
  readonly tradeSizeMicros: number;
  readonly dailyLossLimitMicros: number | null;
  /** Today's loss the tick sees (positive = loss). */
  readonly observedLossMicros: number;
}

export interface LiveRiskGate {
  admit(order: LiveRiskAdmission): Promise<{ readonly ok: true } | { readonly ok: false; readonly code: string; readonly reason: string }>;
  settle(reservationId: string, outcome: { readonly filled: boolean; readonly lossMicros: number }): Promise<boolean>;
}

export interface LiveBreakerGate {
  openBreaker(): Promise<{ readonly name: string; readonly reason: string } | undefined>;
  /** One exchange call's HTTP status (null = no answer). */
  recordExchangeCall(call: { readonly status: number | null; readonly code?: string }): Promise<void>;
  recordBotFailure(botId: string, code: string): Promise<void>;
}

export const DEFAULT_MAX_POST_ATTEMPTS = 4;
export const DEFAULT_BACKOFF_MS = 500;
export const DEFAULT_NOT_FOUND_GRACE_MS = 120_000;
