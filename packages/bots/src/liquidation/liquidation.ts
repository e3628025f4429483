/**
 * "Close all positions" (issue 20, Emergency) as the bots service stores it: one `bot_liquidations`
 * row per run, with a result per holding. Money in micros.
 */

/** `running` until every holding was tried; then `completed` (all sold) or `partial` (something left). */
export type LiquidationStatus = 'running' | 'completed' | 'partial';

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

/** `bot_liquidations` (`createLiquidationStore(db)` in `@polymancer/db`). */
export interface LiquidationStore {
  insert(run: LiquidationRecord): Promise<void>;
  finish(id: string, patch: LiquidationFinish): Promise<LiquidationRecord | undefined>;
  /** The bot's runs, newest first. */
  listForBot(botId: string, limit: number): Promise<LiquidationRecord[]>;
}
