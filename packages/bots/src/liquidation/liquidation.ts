/**
 * "Close all positions" (issue 20, Emergency) as the bots service stores it: one `bot_liquidations`
 * row per run, with a result per holding. Money in micros.
 */

/**
 * `running` until every holding was tried; then `completed` (all sold) or `partial` (something left).
 * `interrupted`: the process running it ended midway; the sweep (`recoverInterrupted`) closed the row with
 * what the run had recorded, and what it did not sell is still held.
 */
export type LiquidationStatus = 'running' | 'completed' | 'partial' | 'interrupted';

/** `sold`: all of it (up to dust under 0.01 share); `partially_sold`: the book took less; `not_sold`: nothing traded. */
export type HoldingOutcome = 'sold' | 'partially_sold' | 'not_sold';

export interface HoldingResult {
  readonly conditionId: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly status: HoldingOutcome;
  readonly heldSharesMicros: number;
  readonly soldSharesMicros: number;
  readonly remainingSharesMicros: number;
  /** Cash received: notional − fee. */
  readonly proceedsMicros: number;
  readonly feeMicros: number;
  readonly averagePriceMicros: number | null;
  /** Realized by this sale against the position's cost basis, fees included. */
  readonly pnlMicros: number;
  /** Why not (all) of it sold, e.g. `book_too_thin`, `empty_book`, `market_closed`, an exchange refusal code. */
  readonly code: string | null;
  readonly reason: string | null;
  readonly tradeId: string | null;
  /** The live order's id (live bots). */
  readonly orderId: string | null;
}

export interface LiquidationRequester {
  readonly type: 'user' | 'operator';
  readonly id: string;
}

export interface LiquidationRecord {
  readonly id: string;
  readonly botId: string;
  readonly userId: string;
  readonly type: 'paper' | 'live';
  readonly requestedByType: 'user' | 'operator';
  readonly requestedBy: string;
  readonly reason: string;
  readonly status: LiquidationStatus;
  readonly results: readonly HoldingResult[];
  readonly proceedsMicros: number;
  readonly feesMicros: number;
  /** Σ realized P&L of the sales: reported apart from the bot's trading P&L. */
  readonly liquidationPnlMicros: number;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

export type LiquidationFinish = Pick<LiquidationRecord, 'status' | 'results' | 'proceedsMicros' | 'feesMicros' | 'liquidationPnlMicros'> & { readonly finishedAt: Date };

/** A sale a run recorded: a `trade_logs` row of kind `liquidation` keyed by the run. */
export interface RecordedLiquidationSale {
  readonly tradeId: string;
  readonly tokenId: string;
  readonly sharesMicros: number;
  readonly notionalMicros: number;
  readonly feeMicros: number;
  readonly realizedPnlMicros: number;
}

/** A live order a run committed (purpose `liquidation`), in whatever state it is now. */
export interface LiquidationOrder {
  readonly id: string;
  readonly tokenId: string;
  readonly outcome: string;
  /** `submitting` / `outcome_unknown` until the exchange's answer is recorded. */
  readonly status: string;
  readonly tradeId: string | null;
  readonly rejectionCode: string | null;
  readonly rejectionReason: string | null;
}

/** `bot_liquidations` (`createLiquidationStore(db)` in `@polymancer/db`). */
export interface LiquidationStore {
  insert(run: LiquidationRecord): Promise<void>;
  finish(id: string, patch: LiquidationFinish): Promise<LiquidationRecord | undefined>;
  /** Runs still `running` that started before `startedBefore`, oldest first. */
  staleRuns(startedBefore: Date, limit: number): Promise<LiquidationRecord[]>;
  /** The sales and live orders a run recorded (keyed `liquidation:<id>`, live orders `liquidation:<id>:<n>`). */
  recordedBy(run: Pick<LiquidationRecord, 'id' | 'botId'>): Promise<{ readonly sales: readonly RecordedLiquidationSale[]; readonly orders: readonly LiquidationOrder[] }>;
  /** Closes a run as `interrupted` only while it is still `running` (a run that finished meanwhile is left alone). */
  interrupt(id: string, patch: LiquidationFinish): Promise<LiquidationRecord | undefined>;
  /** Finished runs reporting a live sale whose outcome was unknown (`live_order_outcome_unknown`), oldest first. */
  awaitingSales(limit: number): Promise<LiquidationRecord[]>;
  /** Replaces a finished run's results and totals (its sale settled since), keeping `finishedAt`. */
  settle(id: string, patch: Omit<LiquidationFinish, 'finishedAt'>): Promise<LiquidationRecord | undefined>;
  /** The bot's runs, newest first. */
  listForBot(botId: string, limit: number): Promise<LiquidationRecord[]>;
}
