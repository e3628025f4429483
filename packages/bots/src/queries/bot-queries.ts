/**
 * What the API reads about bots: trades (paginated, filtered), positions, the P&L summary and time
 * series, decisions with reasoning, and unlock progress. Every function is scoped by the caller:
 * another user's bot is `NotFoundError`.
 *
 * The paper record (`paperRecord`, the unlock rule s19's eligibility builds on) counts the bot's OWN
 * executed paper trades that were made under the platform's paper rules (strategy trades, not
 * settlements) and the time since ITS first such trade — never the user's count across bots.
 */
import {
  averageEntryPriceMicros,
  type Clock,
  dailyPnlMicros,
  markValueMicros,
  NotFoundError,
  type PaperRecordStatus,
  paperRecordStatus,
  type PaperRuleViolation,
  settingsViolations,
  ValidationError,
} from '@polymancer/core';
import type { BotStore } from '../ports.ts';
import { TickLedger } from '../tick/ledger.ts';
import type { DecisionRecord, PnlSnapshotRecord, TickStore } from '../tick/tick-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type ShadowReport, type ShadowReportRequest, shadowReportOf } from './shadow-report.ts';
import type { BotQueryStore, ListedTrade, Page, PageAfter, PageRequest, SeriesRequest, TradeFilter } from './query-store.ts';

export interface PositionView {
  readonly tokenId: string;
  readonly conditionId: string;
  readonly outcome: string;
  readonly sharesMicros: number;
  readonly costBasisMicros: number;
  readonly averageEntryPriceMicros: number | null;
  /** Last midpoint seen (or the settlement price). */
  readonly markPriceMicros: number | null;
  readonly marketValueMicros: number;
  readonly unrealizedPnlMicros: number;
  readonly realizedPnlMicros: number;
  readonly feesPaidMicros: number;
  readonly settledAt: Date | null;
  readonly settlementPriceMicros: number | null;
}

export interface PnlSummary {
  readonly botId: string;
  readonly startingBalanceMicros: number;
  readonly balanceMicros: number;
  readonly positionsValueMicros: number;
  readonly equityMicros: number;
  /** All realized P&L: trading + liquidation. */
  readonly realizedPnlMicros: number;
  /** Realized P&L of the bot's trading and settlements, "close all positions" sales excluded. */
  readonly tradingRealizedPnlMicros: number;
  /** Realized P&L of "close all positions" sales (trade kind `liquidation`), reported apart. */
  readonly liquidationPnlMicros: number;
  readonly unrealizedPnlMicros: number;
  /** equity − starting balance = realized + unrealized. */
  readonly totalPnlMicros: number;
  readonly feesPaidMicros: number;
  /** Today's (UTC) P&L at the last marks; 0 before the bot's first tick of the day. */
  readonly dailyPnlMicros: number;
  readonly executedTrades: number;
  readonly rejectedTrades: number;
  readonly liquidationSales: number;
}

export type PnlPoint = Omit<PnlSnapshotRecord, 'id' | 'botId'>;

/**
 * A bot's paper record toward the live unlock (core `paperRecordStatus`): 24 h since its first
 * qualifying paper trade and 10 qualifying executed paper trades, by this bot alone.
 */
export interface PaperRecord extends PaperRecordStatus {
  readonly botId: string;
  readonly firstQualifyingTradeAt: Date | null;
  readonly qualifyingTrades: number;
  /** Executed paper trades that do not count: made under settings looser than the platform's. */
  readonly nonQualifyingTrades: number;
  /** Why trades made under the bot's CURRENT settings would not count (empty = they count). */
  readonly settingsIssues: readonly PaperRuleViolation[];
}

export interface BotQueriesDeps {
  readonly bots: BotStore;
  readonly queries: BotQueryStore;
  readonly ticks: TickStore;
  readonly clock: Clock;
}

export interface BotQueries {
  trades(userId: string, filter?: TradeFilter): Promise<Page<ListedTrade>>;
  positions(userId: string, botId: string): Promise<PositionView[]>;
  pnlSummary(userId: string, botId: string): Promise<PnlSummary>;
  pnlSeries(userId: string, botId: string, request?: SeriesRequest): Promise<PnlPoint[]>;
  decisions(userId: string, botId: string, page?: PageRequest): Promise<Page<DecisionRecord>>;
  /** The unlock rule's paper record for one of the caller's bots. */
  paperRecord(userId: string, botId: string): Promise<PaperRecord>;
  /** Shadow trading's divergence report for one of the caller's bots (`shadow-report.ts`). */
  shadowReport(userId: string, botId: string, request?: ShadowReportRequest): Promise<ShadowReport>;
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError(`Invalid query: ${path}: ${message}`, { details: { issues: [{ path, message }] } });
}

function pageLimit(limit: number | undefined, max: number, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) throw invalid('limit', `limit must be a whole number from 1 to ${max}`);
  return limit;
}

function pageAfter(cursor: string | undefined): PageAfter | undefined {
  if (cursor === undefined) return undefined;
  const after = decodeCursor(cursor);
  if (after === undefined) throw invalid('cursor', 'cursor is not one this API returned');
  return after;
}

function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
}

export function createBotQueries(deps: BotQueriesDeps): BotQueries {
  const owned = async (userId: string, botId: string) => {
    const bot = await deps.bots.findForUser(userId, botId);
    if (bot === undefined) throw new NotFoundError('Bot', { details: { botId } });
    return bot;
  };
  return {
    async trades(userId, filter = {}) {
      if (filter.botId !== undefined) await owned(userId, filter.botId);
      const limit = pageLimit(filter.limit, 200, 50);
      const { cursor: _c, limit: _l, ...where } = filter;
      return page(await deps.queries.listTrades(userId, where, pageAfter(filter.cursor), limit + 1), limit);
    },

    async positions(userId, botId) {
      await owned(userId, botId);
      return (await deps.queries.listPositions(botId)).map((p): PositionView => {
        const open = p.sharesMicros > 0;
        const value = !open ? 0 : p.markPriceMicros === null ? p.costBasisMicros : markValueMicros(p, p.markPriceMicros);
        return {
          tokenId: p.tokenId,
          conditionId: p.conditionId,
          outcome: p.outcome,
          sharesMicros: p.sharesMicros,
          costBasisMicros: p.costBasisMicros,
          averageEntryPriceMicros: averageEntryPriceMicros(p) ?? null,
          markPriceMicros: p.markPriceMicros,
          marketValueMicros: value,
          unrealizedPnlMicros: value - p.costBasisMicros,
          realizedPnlMicros: p.realizedPnlMicros,
          feesPaidMicros: p.feesPaidMicros,
          settledAt: p.settledAt,
          settlementPriceMicros: p.settlementPriceMicros,
        };
      });
    },

    async pnlSummary(userId, botId) {
      const bot = await owned(userId, botId);
      const state = await deps.ticks.load(botId);
      if (state === undefined) throw new NotFoundError('Bot', { details: { botId } });
      const ledger = new TickLedger(state.bot.paperBalanceMicros, state.positions);
      const v = ledger.valuation();
      const counts = await deps.queries.countTrades(botId);
      return {
        botId,
        startingBalanceMicros: bot.startingBalanceMicros,
        balanceMicros: state.bot.paperBalanceMicros,
        positionsValueMicros: v.positionsValueMicros,
        equityMicros: v.equityMicros,
        realizedPnlMicros: v.realizedPnlMicros,
        tradingRealizedPnlMicros: v.realizedPnlMicros - counts.liquidationPnlMicros,
        liquidationPnlMicros: counts.liquidationPnlMicros,
        unrealizedPnlMicros: v.unrealizedPnlMicros,
        totalPnlMicros: v.equityMicros - bot.startingBalanceMicros,
        feesPaidMicros: state.positions.reduce((s, p) => s + p.feesPaidMicros, 0),
        dailyPnlMicros: state.daily === undefined ? 0 : dailyPnlMicros(state.daily, deps.clock.now(), v.equityMicros),
        executedTrades: counts.executed,
        rejectedTrades: counts.rejected,
        liquidationSales: counts.liquidationSales,
      };
    },

    async pnlSeries(userId, botId, request = {}) {
      await owned(userId, botId);
      return deps.queries.listPnlSnapshots(botId, request.from, request.to, pageLimit(request.limit, 5_000, 500));
    },

    async decisions(userId, botId, request = {}) {
      await owned(userId, botId);
      const limit = pageLimit(request.limit, 200, 50);
      return page(await deps.queries.listDecisions(botId, pageAfter(request.cursor), limit + 1), limit);
    },

    async paperRecord(userId, botId) {
      const bot = await owned(userId, botId);
      const facts = await deps.queries.paperRecordFacts(botId);
      const { feeModel, risk } = bot;
      return {
        botId,
        firstQualifyingTradeAt: facts.firstQualifyingTradeAt,
        qualifyingTrades: facts.qualifyingTrades,
        nonQualifyingTrades: facts.nonQualifyingTrades,
        settingsIssues: settingsViolations({ feeModel, maxMarketImpactBps: risk.maxMarketImpactBps, maxPriceMovementBps: risk.maxPriceMovementBps }),
        ...paperRecordStatus(facts, deps.clock.now()),
      };
    },

    async shadowReport(userId, botId, request = {}) {
      const bot = await owned(userId, botId);
      return shadowReportOf(deps.queries, { id: bot.id, shadowMode: bot.shadowMode === true }, request);
    },
  };
}
