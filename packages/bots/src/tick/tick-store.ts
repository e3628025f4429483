/**
 * The storage port of the tick. `transact` runs the tick's writes in ONE database transaction that
 * first claims the (bot, tick key) idempotency row — if that row already exists the work is not run
 * and `{ applied: false }` comes back — then locks the bot row and re-reads its state, so the
 * guards judge the balance and positions as they are at commit time.
 */
import type { DailyPnlState, Position } from '@polymancer/core';
import type { Bot } from '../model/bot.ts';
import type { LiveOrderPatch, LiveOrderRecord } from '../live/live-order.ts';
import type { ShadowPairRecord } from '../live/shadow.ts';
import type { BotAuditEvent } from '../ports.ts';

/** A position as stored: core's `Position` plus where it trades and its last mark. */
export interface StoredPosition extends Position {
  readonly conditionId: string;
  readonly outcome: string;
  readonly markPriceMicros: number | null;
  readonly settledAt: Date | null;
  readonly settlementPriceMicros: number | null;
}

/** Midpoints a bot saw on earlier ticks, per token, oldest first: `[atMs, priceMicros]`. */
export type MidpointHistory = Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;

export interface TickBotState {
  readonly bot: Bot;
  readonly userFrozen: boolean;
  readonly deleted: boolean;
  readonly positions: readonly StoredPosition[];
  readonly midpointHistory: MidpointHistory;
  readonly daily: DailyPnlState | undefined;
  /** Set while the daily loss limit has stopped the bot: the UTC day it applies to, and whether the owner asked for exits. */
  readonly dailyLossStop?: { readonly utcDay: string; readonly exitsAllowed: boolean } | undefined;
  /** Whether the tick key passed to `load` was already applied. */
  readonly alreadyRun: boolean;
  /** Shadow trading (live bots): live orders at the market's minimum size, the full-size fill on paper beside each. */
  readonly shadowMode?: boolean | undefined;
}

/** `liquidation`: a "close all positions" sale — its P&L is reported apart from trading P&L. */
export type TradeKind = 'trade' | 'settlement' | 'liquidation';
export type TradeStatus = 'executed' | 'rejected';

/** One trade-log row (see `trade_logs`). Money in micros, rates in bps. */
export interface TradeRecord {
  readonly id: string;
  readonly userId: string;
  readonly botId: string;
  readonly type: 'paper' | 'live';
  readonly kind: TradeKind;
  readonly status: TradeStatus;
  readonly side: 'buy' | 'sell' | null;
  readonly marketId: string;
  readonly tokenId: string | null;
  /** Collateral: BUY the notional paid (or the amount asked, when rejected), SELL the notional received. */
  readonly amountMicros: number | null;
  readonly sharesMicros: number | null;
  readonly decisionPriceMicros: number | null;
  readonly executionPriceMicros: number | null;
  readonly feeMicros: number | null;
  readonly predictedSlippageBps: number | null;
  readonly actualSlippageBps: number | null;
  readonly marketImpactBps: number | null;
  readonly feeModel: string | null;
  readonly orderId: string | null;
  readonly transactionHash: string | null;
  readonly rejectionCode: string | null;
  readonly rejectionReason: string | null;
  readonly tickKey: string | null;
  readonly decisionId: string | null;
  readonly latencyMs: number | null;
  readonly bookAgeMs: number | null;
  readonly realizedPnlMicros: number | null;
  /**
   * Whether this trade was made under the platform's paper rules and so counts toward unlock
   * (only executed paper trades are counted); settlements never count.
   */
  readonly countsForUnlock: boolean;
  /** The paper-rule codes that kept it from counting (core `PaperRuleCode`); null when none. */
  readonly unlockExclusions: readonly string[] | null;
  readonly createdAt: Date;
}

export interface DecisionRecord {
  readonly id: string;
  readonly botId: string;
  readonly userId: string;
  readonly tickKey: string;
  readonly conditionId: string;
  readonly strategyKind: string;
  readonly kind: 'hold' | 'trade';
  readonly holdCode: string | null;
  readonly side: 'buy' | 'sell' | null;
  readonly tokenId: string | null;
  readonly amountMicros: number | null;
  readonly sharesMicros: number | null;
  readonly limitPriceMicros: number | null;
  readonly reasoning: string;
  readonly confidencePerMille: number | null;
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
  readonly costMicros: number | null;
  readonly tradeLogId: string | null;
  readonly createdAt: Date;
}

export interface PnlSnapshotRecord {
  readonly id: string;
  readonly botId: string;
  readonly at: Date;
  readonly balanceMicros: number;
  readonly positionsValueMicros: number;
  readonly equityMicros: number;
  readonly realizedPnlMicros: number;
  readonly unrealizedPnlMicros: number;
}

/** What a tick changes on the bot row. */
export interface BotTickPatch {
  readonly paperBalanceMicros: number;
  readonly midpointHistory: MidpointHistory;
  readonly daily: DailyPnlState;
  readonly firstPaperTradeAt: Date | null;
  readonly lastTickAt: Date;
  /** Set when this tick's loss reached the daily loss limit: the UTC day the bot is stopped for. */
  readonly dailyLossStoppedDay?: string | undefined;
}

export interface TickRunSummary {
  readonly outcome: string;
  readonly trades: number;
  readonly rejections: number;
  readonly finishedAt: Date;
}

export interface TickTransaction {
  /** The bot's state re-read under a row lock inside the transaction. */
  readonly state: TickBotState;
  insertTrade(row: TradeRecord): Promise<void>;
  insertDecision(row: DecisionRecord): Promise<void>;
  savePositions(positions: readonly StoredPosition[], at: Date): Promise<void>;
  updateBot(patch: BotTickPatch): Promise<void>;
  insertSnapshot(snapshot: PnlSnapshotRecord): Promise<void>;
  /** Appends to the audit chain inside this transaction. */
  audit(event: BotAuditEvent): Promise<void>;
  finish(summary: TickRunSummary): Promise<void>;
  /** Live path: the bot's unreconciled live orders as of now (read after the bot row lock). */
  unreconciledLiveOrders(): Promise<LiveOrderRecord[]>;
  insertLiveOrder(row: LiveOrderRecord): Promise<void>;
  updateLiveOrder(orderId: string, patch: LiveOrderPatch): Promise<void>;
  /** Shadow trading: the pair of a live order and its full-size paper leg (written with the `submitting` order). */
  insertShadowPair(row: ShadowPairRecord): Promise<void>;
}

export type TransactOutcome<T> = { readonly applied: true; readonly value: T } | { readonly applied: false };

export interface TickStore {
  /** The bot's state outside any transaction (for gating and deciding); undefined if no such bot. */
  load(botId: string, tickKey?: string): Promise<TickBotState | undefined>;
  transact<T>(botId: string, tickKey: string, startedAt: Date, work: (tx: TickTransaction) => Promise<T>): Promise<TransactOutcome<T>>;
}
