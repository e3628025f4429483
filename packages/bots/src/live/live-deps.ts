import type { LiveOrderStore } from './live-order.ts';
import type { LiveAccountPort, LiveVenue, LiveWalletPort } from './ports.ts';

/** Named points of the live order path where crash tests stop the process (`POLYMANCER_LIVE_FAULT`). */
export type LiveFaultPoint = 'after_sign' | 'after_submitting' | 'after_post' | 'before_record';

/** The circuit breakers (`@polymancer/safety`'s `createBreakers` fits). */
export interface LiveBreakerPort {
  openBreaker(): Promise<{ readonly name: string; readonly reason: string } | undefined>;
  /** Every exchange call of the live path: its HTTP status, or null when no answer came. */
  recordExchangeCall(call: { readonly status: number | null; readonly code?: string }): Promise<void>;
  /** A live bot failed for a reason not its own (exchange refused or unreachable). */
  recordBotFailure(botId: string, code: string): Promise<void>;
}

/** How an admitted order ended, as the risk ledger counts it. */
export interface LiveRiskOutcome {
  readonly filled: boolean;
  /** Today's loss as the caller sees it now (positive = loss); the ledger never lowers it. */
  readonly lossMicros: number;
  /** A fill's actual size (BUY notional + fee, SELL notional); absent = the reserved size. */
  readonly filledVolumeMicros?: number;
}

/** Live risk admission (`@polymancer/safety`'s `createLiveRisk` fits): daily loss with in-flight orders, rollout caps. */
export interface LiveRiskPort {
  admit(order: {
    /** The live order's id: its reservation is settled under it, also by reconciliation after a crash. */
    readonly reservationId?: string;
    readonly botId: string;
    readonly userId: string;
    readonly side: 'BUY' | 'SELL';
    readonly tradeSizeMicros: number;
    readonly dailyLossLimitMicros: number | null;
    readonly observedLossMicros: number;
  }): Promise<{ readonly ok: true; readonly reservationId: string } | { readonly ok: false; readonly code: string; readonly reason: string }>;
  /**
   * The order's outcome is known: release its worst case. `filledVolumeMicros` (a fill) replaces the
   * reserved volume with what actually traded.
   */
  settle(reservationId: string, outcome: LiveRiskOutcome): Promise<boolean>;
  /** Releases reservations no order was committed under (a process died between admission and commit); how many. */
  releaseOrphans?(): Promise<number>;
}

export interface LiveDeps {
  readonly breakers?: LiveBreakerPort;
  readonly risk?: LiveRiskPort;
  readonly accounts: LiveAccountPort;
  readonly venue: LiveVenue;
  readonly orders: LiveOrderStore;
  /**
   * The trading wallet on chain (POLYGON_RPC_URL, or the local exchange's chain): every order is checked
   * for gas and pUSD balance / allowance before it is signed, and pre-flight reads it. Unset = not
   * checked here (the exchange checks balance and allowance when the order is posted).
   */
  readonly wallets?: LiveWalletPort;
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
}

export const DEFAULT_MAX_POST_ATTEMPTS = 4;
export const DEFAULT_BACKOFF_MS = 500;
/** The longest `Retry-After` a post waits out inside a tick; a longer one ends the tick's retries. */
export const MAX_RETRY_WAIT_MS = 30_000;
export const DEFAULT_NOT_FOUND_GRACE_MS = 120_000;
