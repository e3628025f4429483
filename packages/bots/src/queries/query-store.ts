/** The read port behind the bots API's trade, position, P&L and decision queries. */
import type { DecisionRecord, PnlSnapshotRecord, StoredPosition, TradeKind, TradeRecord } from '../tick/tick-store.ts';

export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  /** 1..200, default 50. */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface TradeFilter extends PageRequest {
  readonly botId?: string;
  readonly type?: 'paper' | 'live';
  readonly status?: 'executed' | 'rejected' | 'pending' | 'failed';
  readonly kind?: TradeKind;
  /** Inclusive lower and exclusive upper bounds on `createdAt`. */
  readonly from?: Date;
  readonly to?: Date;
}

export interface SeriesRequest {
  readonly from?: Date;
  readonly to?: Date;
  /** 1..5000, default 500: the latest points in the range, returned oldest first. */
  readonly limit?: number;
}

/** Decoded page position: rows strictly older than (createdAt, id). */
export interface PageAfter {
  readonly createdAt: Date;
  readonly id: string;
}

import type { ShadowReportStore } from './shadow-report.ts';

/**
 * A trade as listed: a live trade's settlement transaction as the settlement monitor last saw it
 * (`submitted` → `pending` → `confirmed` → `finalized`, or `failed`), null when it has none.
 */
export type ListedTrade = TradeRecord & { readonly settlementStatus: string | null; readonly settlementConfirmations: number | null };

export interface BotQueryStore extends ShadowReportStore {
  /** Trades of `userId`'s bots, newest first. */
  listTrades(userId: string, filter: Omit<TradeFilter, 'cursor' | 'limit'>, after: PageAfter | undefined, limit: number): Promise<ListedTrade[]>;
  listPositions(botId: string): Promise<StoredPosition[]>;
  listPnlSnapshots(botId: string, from: Date | undefined, to: Date | undefined, limit: number): Promise<Omit<PnlSnapshotRecord, 'id' | 'botId'>[]>;
  /** Newest first. */
  listDecisions(botId: string, after: PageAfter | undefined, limit: number): Promise<DecisionRecord[]>;
  /** Counts; `executed` is strategy trades only. Liquidation sales are counted and summed apart. */
  countTrades(botId: string): Promise<{ readonly executedPaperTrades: number; readonly executed: number; readonly rejected: number; readonly liquidationSales: number; readonly liquidationPnlMicros: number }>;
  /** This bot's executed paper trades (settlements excluded), split by whether they count toward unlock. */
  paperRecordFacts(botId: string): Promise<PaperRecordCounts>;
}

export interface PaperRecordCounts {
  /** When the first trade that counts executed; null before one. */
  readonly firstQualifyingTradeAt: Date | null;
  readonly qualifyingTrades: number;
  /** Executed paper trades made under settings looser than the platform's paper rules. */
  readonly nonQualifyingTrades: number;
}
