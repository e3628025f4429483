/**
 * The ports the safety service talks to the world through. `@polymancer/db` implements the stores
 * (`createBreakerStore`, `createRiskLedgerStore`, `createEmergencyStore`); the app passes the audit log
 * and the notifier.
 */
import type { BreakerName, BreakerWindowCounts, LiveCheckResult } from '@polymancer/core';

/** A dotted-verb audit event (structurally `@polymancer/audit`'s `AuditEventInput`). */
export interface SafetyAuditEvent {
  readonly actorId: string | null;
  readonly actorType: 'user' | 'operator' | 'system';
  readonly action: string;
  readonly subjectType?: string | null;
  readonly subjectId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditPort {
  record(event: SafetyAuditEvent): Promise<unknown>;
}

/** `@polymancer/notify`'s `notifierFor(service)` satisfies this. */
export interface Notifier {
  notify(userId: string, kind: string, data: Readonly<Record<string, unknown>>): Promise<unknown>;
}

export interface BreakerState {
  readonly name: BreakerName;
  readonly open: boolean;
  readonly openedAt: Date | null;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, number>> | null;
  readonly resumedAt: Date | null;
  readonly resumedBy: string | null;
}

export interface BreakerStore {
  /** Every breaker (a never-tripped one reads as closed). */
  list(): Promise<readonly BreakerState[]>;
  recordExchangeCall(event: { readonly at: Date; readonly ok: boolean; readonly status: number | null; readonly code: string | null }): Promise<void>;
  recordBotFailure(event: { readonly at: Date; readonly botId: string; readonly code: string }): Promise<void>;
  /** The counts of each breaker's window: exchange calls since `exchangeSince`, bot failures since `botsSince`. */
  windowCounts(since: { readonly botsSince: Date; readonly exchangeSince: Date }): Promise<BreakerWindowCounts>;
  /** Opens the breaker if it is closed; true when this call opened it (so one trip is audited once). */
  trip(name: BreakerName, trip: { readonly reason: string; readonly details: Readonly<Record<string, number>>; readonly at: Date }): Promise<boolean>;
  /** Closes an open breaker; the state it had, or undefined when it was not open. */
  resume(name: BreakerName, by: string, at: Date): Promise<BreakerState | undefined>;
  /** The users with the operator role (told when a breaker trips). */
  operatorIds(): Promise<readonly string[]>;
}

/** What the ledger locked for a decision: the bot's and the user's day. */
export interface LedgerDay {
  readonly lossMicros: number;
  readonly inFlightWorstMicros: number;
  readonly botVolumeMicros: number;
  readonly userVolumeMicros: number;
}

export interface Reservation {
  readonly id: string;
  readonly botId: string;
  readonly userId: string;
  readonly utcDay: string;
  readonly worstLossMicros: number;
  readonly volumeMicros: number;
}

/** How an admitted order ended. */
export interface SettleOutcome {
  readonly filled: boolean;
  /** Today's loss now (positive = loss). */
  readonly lossMicros: number;
  /** A fill's actual size (BUY notional + fee, SELL notional); absent = the reserved volume stands. */
  readonly filledVolumeMicros?: number;
}

export interface RiskLedgerStore {
  /**
   * In one transaction holding the user's day row and then the bot's day row (FOR UPDATE, in that
   * order): asks `decide` with the locked figures and, when it passes, records the reservation and
   * adds its worst case and volume. Two admissions for the same bot or user are strictly ordered.
   */
  admit(reservation: Reservation, at: Date, decide: (day: LedgerDay) => LiveCheckResult): Promise<LiveCheckResult>;
  /**
   * Releases the reservation once (later calls change nothing and answer false), raising the bot's
   * recorded loss for the day to `lossMicros` (never lowering it); when the order did not fill, its
   * volume is returned; when it filled with `filledVolumeMicros`, the day counts that instead of the reserved volume.
   */
  settle(reservationId: string, outcome: SettleOutcome, at: Date): Promise<boolean>;
  /** When the user's first live month began (their first go-live), or null. */
  firstLiveAt(userId: string): Promise<Date | null>;
  /** Open reservations created before `createdBefore` under which no live order was ever committed (their id is the order's). */
  orphanReservations(createdBefore: Date, limit: number): Promise<readonly string[]>;
}

export interface EmergencyBot {
  readonly id: string;
  readonly userId: string;
  readonly type: 'paper' | 'live';
  readonly status: 'active' | 'paused' | 'stopped';
  readonly emergencyStopped: boolean;
  readonly emergencyStoppedAt: Date | null;
  readonly emergencyStoppedReason: string | null;
}

export interface EmergencyStore {
  /** The bot (not deleted); with `userId`, only that user's. */
  findBot(botId: string, userId?: string): Promise<EmergencyBot | undefined>;
  /** Pauses the bot and marks it emergency-stopped with reason and time (the spec's runbook statement). */
  emergencyStop(botId: string, reason: string, at: Date): Promise<EmergencyBot | undefined>;
  /** Clears the mark; the bot stays paused until resumed. */
  clearEmergencyStop(botId: string, at: Date): Promise<EmergencyBot | undefined>;
  /** Sets `users.trading_frozen`; the previous value, or undefined for no such user. */
  setTradingFrozen(userId: string, frozen: boolean, at: Date): Promise<boolean | undefined>;
  tradingFrozen(userId: string): Promise<boolean | undefined>;
}

/** A bot's slippage limit and the owner's opt-in to tightening it automatically. */
export interface SlippageSetting {
  readonly botId: string;
  readonly userId: string;
  readonly maxSlippageBps: number | null;
  readonly autoTighten: boolean;
  /** When it was last tightened automatically; the differential counts only orders after it. */
  readonly tightenedAt: Date | null;
}

export interface SlippageStore {
  /** The bot (not deleted) of this user with its slippage setting, or undefined. */
  botLimit(userId: string, botId: string): Promise<SlippageSetting | undefined>;
  /** Predicted and actual slippage of the bot's most recent matched live orders (created after `since`, when given), newest first. */
  recentLiveSlippage(botId: string, limit: number, since?: Date | null): Promise<readonly { readonly predictedBps: number; readonly actualBps: number }[]>;
  /** Sets the opt-in on the user's bot; the setting after, or undefined for no such bot. */
  setAutoTighten(userId: string, botId: string, enabled: boolean, at: Date): Promise<SlippageSetting | undefined>;
  /** Live bots (not deleted) whose owners opted in. */
  optedIn(limit: number): Promise<readonly SlippageSetting[]>;
  /** Live bots (not deleted) whose owners did not opt in (they are alerted instead). */
  notOptedIn(limit: number): Promise<readonly SlippageSetting[]>;
  /** Whether the owner was sent the slippage alert (`bot.slippage_alert`) for this bot since `since`. */
  alertedSince(userId: string, botId: string, since: Date): Promise<boolean>;
  /**
   * Compare-and-set: sets `max_slippage_bps` to `to` only while it is still `from` (the user may have
   * edited it meanwhile), bumps the settings version and stamps `tightenedAt`; false when it changed.
   */
  tighten(botId: string, from: number | null, to: number, at: Date): Promise<boolean>;
}

/** One holding's outcome in a liquidation run (`@polymancer/bots`' `HoldingResult` fits). */
export interface LiquidatedHolding {
  readonly conditionId: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly status: 'sold' | 'partially_sold' | 'not_sold';
  readonly heldSharesMicros: number;
  readonly soldSharesMicros: number;
  readonly remainingSharesMicros: number;
  readonly proceedsMicros: number;
  readonly feeMicros: number;
  readonly averagePriceMicros: number | null;
  readonly pnlMicros: number;
  readonly code: string | null;
  readonly reason: string | null;
  readonly tradeId: string | null;
  readonly orderId: string | null;
}

/** A "close all positions" run (`@polymancer/bots`' `LiquidationRecord` fits). */
export interface LiquidationReport {
  readonly id: string;
  readonly botId: string;
  readonly userId: string;
  readonly type: 'paper' | 'live';
  readonly requestedByType: 'user' | 'operator';
  readonly requestedBy: string;
  readonly reason: string;
  readonly status: 'running' | 'completed' | 'partial' | 'interrupted';
  readonly results: readonly LiquidatedHolding[];
  readonly proceedsMicros: number;
  readonly feesMicros: number;
  readonly liquidationPnlMicros: number;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

/** Sells a stopped bot's holdings (`@polymancer/bots`' `createLiquidator` fits). */
export interface LiquidatorPort {
  liquidate(request: { readonly botId: string; readonly requestedBy: { readonly type: 'user' | 'operator'; readonly id: string }; readonly reason: string }): Promise<LiquidationReport | undefined>;
  list(botId: string, limit?: number): Promise<LiquidationReport[]>;
  /** Closes as `interrupted` the runs still `running` that started before `startedBefore` (their process died). */
  recoverInterrupted(startedBefore: Date): Promise<LiquidationReport[]>;
  /** Rewrites finished runs whose live sale's unknown outcome reconciliation has since settled. */
  settleAwaitedSales(): Promise<LiquidationReport[]>;
}
