/**
 * Steps 2–4 of the tick for one market, outside the transaction: market data, the strategy's
 * decision, and the fill-or-kill simulation on the execution book. Nothing here writes; the plan is
 * applied (guards, execution, records) inside the transaction by `apply-plan.ts`.
 */
import { averageEntryPriceMicros, type FokFill, type FokRejection, type FokRequest, fillOrKillOnVenue, marketCostBasisMicros, midpointMicros, type OrderBook, type Result, sideTakenBy } from '@polymancer/core';
import { type Decision, runStrategy, type StrategyConfig, type StrategySet, type TokenView, type TradePrint, tradePrintsUse } from '@polymancer/strategies';
import { type AgedBook, isResolved, type MarketInfo, type TickMarketData } from '../market-data/market-data.ts';
import { feeModelFor, feeTermsFor } from './fee-model-for.ts';
import type { TickBotState } from './tick-store.ts';

export interface TradePlan {
  readonly tokenId: string;
  readonly outcome: string;
  /** Every outcome token of the market (position-per-market exposure). */
  readonly marketTokenIds: readonly string[];
  readonly request: FokRequest;
  readonly limitPriceMicros: number;
  /** Best price on the side taken in the book the strategy saw. */
  readonly decisionPriceMicros: number | null;
  /** The same reference in the book the order executes against. */
  readonly executionReferencePriceMicros: number | null;
  readonly executionBook: OrderBook;
  /** Slippage of this order walked on the decision book (null when that book could not fill it). */
  readonly predictedSlippageBps: number | null;
  readonly simulation: Result<FokFill, FokRejection>;
  readonly feeModel: string;
  readonly bookAgeMs: number;
  readonly latencyMs: number;
  /** The market is one of the local exchange's synthetic markets (see `MarketInfo.synthetic`). */
  readonly syntheticMarket: boolean;
}

export type MarketPlan =
  | { readonly kind: 'unavailable'; readonly conditionId: string; readonly reason: string }
  | { readonly kind: 'resolved'; readonly conditionId: string; readonly market: MarketInfo }
  | { readonly kind: 'closed'; readonly conditionId: string; readonly reason: string }
  | {
      readonly kind: 'decided';
      readonly conditionId: string;
      readonly market: MarketInfo;
      readonly decision: Decision;
      /** Midpoints of this tick's books, per watched token (marks and history). */
      readonly mids: ReadonlyMap<string, number>;
      readonly trade: TradePlan | undefined;
    };

export interface PlanDeps {
  readonly marketData: TickMarketData;
  readonly strategies: StrategySet;
  readonly sleep: (ms: number) => Promise<void>;
  readonly clockNowMs: () => number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The token's recent trade prints, fetched only for strategies that read them: a tape that cannot be read
 * makes the market unavailable for a strategy whose signal it is, and leaves an LLM's context without it.
 */
async function printsFor(deps: PlanDeps, strategy: StrategyConfig, conditionId: string, tokenId: string): Promise<readonly TradePrint[]> {
  const use = tradePrintsUse(strategy);
  if (use === 'none') return [];
  if (use === 'signal') return deps.marketData.getRecentTrades(conditionId, tokenId);
  return deps.marketData.getRecentTrades(conditionId, tokenId).catch(() => []);
}

/** A market the bot only holds a position in (no longer watched): just check for resolution. */
export async function planHeldMarket(deps: PlanDeps, conditionId: string): Promise<MarketPlan | undefined> {
  try {
    const market = await deps.marketData.getMarket(conditionId);
    return isResolved(market) ? { kind: 'resolved', conditionId, market } : undefined;
  } catch (error) {
    return { kind: 'unavailable', conditionId, reason: message(error) };
  }
}

export async function planWatchedMarket(deps: PlanDeps, state: TickBotState, conditionId: string, tokenIds: readonly string[], now: Date): Promise<MarketPlan> {
  const { bot } = state;
  let market: MarketInfo;
  try {
    market = await deps.marketData.getMarket(conditionId);
  } catch (error) {
    return { kind: 'unavailable', conditionId, reason: `market ${conditionId}: ${message(error)}` };
  }
  if (isResolved(market)) return { kind: 'resolved', conditionId, market };
  if (market.closed || !market.acceptingOrders) return { kind: 'closed', conditionId, reason: 'the market is closed or not accepting orders' };

  const staleMs = bot.realism.enabled ? bot.realism.staleBookMs : 0;
  const tokens: TokenView[] = [];
  const seen = new Map<string, AgedBook>();
  const mids = new Map<string, number>();
  try {
    for (const tokenId of tokenIds) {
      const outcome = market.outcomes.find((o) => o.tokenId === tokenId);
      if (outcome === undefined) continue;
      const aged = await deps.marketData.getStaleBook(tokenId, staleMs);
      const trades = await printsFor(deps, bot.strategy, conditionId, tokenId);
      seen.set(tokenId, aged);
      const mid = midpointMicros(aged.book);
      if (mid !== undefined) mids.set(tokenId, mid);
      const held = state.positions.find((p) => p.tokenId === tokenId);
      tokens.push({
        tokenId,
        outcome: outcome.outcome,
        book: aged.book,
        midpoints: (state.midpointHistory[tokenId] ?? []).map(([at, priceMicros]) => ({ at: new Date(at), priceMicros })),
        trades,
        position: { sharesMicros: held?.sharesMicros ?? 0, avgEntryPriceMicros: held === undefined ? 0 : (averageEntryPriceMicros(held) ?? 0) },
      });
    }
  } catch (error) {
    return { kind: 'unavailable', conditionId, reason: `books of ${conditionId}: ${message(error)}` };
  }
  if (tokens.length === 0) return { kind: 'unavailable', conditionId, reason: 'none of the watched tokens is an outcome of this market' };

  const decision = await runStrategy(
    deps.strategies,
    bot.strategy,
    {
      market: {
        conditionId,
        question: market.question,
        outcomes: market.outcomes,
        tickSizeMicros: market.tickSizeMicros,
        minOrderSizeMicros: market.minOrderSizeMicros,
      },
      tokens,
      balanceMicros: bot.paperBalanceMicros,
      limits: {
        maxTradeSizeMicros: bot.risk.maxTradeSizeMicros ?? undefined,
        maxPositionPerMarketMicros: bot.risk.maxPositionPerMarketMicros ?? undefined,
        maxMarketImpactBps: bot.risk.maxMarketImpactBps,
      },
      fees: feeTermsFor(bot.feeModel, market),
      marketCostBasisMicros: marketCostBasisMicros(state.positions, market.outcomes.map((o) => o.tokenId)),
    },
    now,
  );
  if (decision.kind === 'hold') return { kind: 'decided', conditionId, market, decision, mids, trade: undefined };

  const view = tokens.find((t) => t.tokenId === decision.tokenId) as TokenView;
  const request: FokRequest =
    decision.side === 'buy'
      ? { side: 'BUY', by: 'amount', amountMicros: decision.amountMicros, limitPriceMicros: decision.limitPriceMicros }
      : { side: 'SELL', by: 'shares', sharesMicros: decision.sharesMicros, limitPriceMicros: decision.limitPriceMicros };
  // The book the strategy decided on (not a refetch: an LLM may have taken seconds).
  const decisionBook = seen.get(decision.tokenId) as AgedBook;
  const decidedAtMs = deps.clockNowMs();
  // Paper realism: the order reaches the "venue" later than the decision, against a fresh book.
  if (bot.realism.enabled && bot.realism.artificialDelayMs > 0) await deps.sleep(bot.realism.artificialDelayMs);
  const delayed = bot.realism.enabled && bot.realism.artificialDelayMs > 0;
  let executionBook: OrderBook;
  try {
    // After a delay, a book fetched after it: the cycle's cached book would make the delay change nothing.
    const id = decision.tokenId;
    executionBook = (delayed ? await deps.marketData.getBookAfter(id, deps.clockNowMs()) : await deps.marketData.getBook(id)).book;
  } catch (error) {
    return { kind: 'unavailable', conditionId, reason: `book of ${decision.tokenId}: ${message(error)}` };
  }
  const latencyMs = deps.clockNowMs() - decidedAtMs;
  const execMid = midpointMicros(executionBook);
  if (execMid !== undefined) mids.set(decision.tokenId, execMid);
  const fees = feeModelFor(bot.feeModel, market);
  const side = sideTakenBy(request.side);
  const options = { feeModel: fees, minOrderSizeMicros: market.minOrderSizeMicros };
  // The slippage the decision expected: the same order walked on the book the strategy saw.
  const predicted = fillOrKillOnVenue(decisionBook.book, request, options);
  return {
    kind: 'decided',
    conditionId,
    market,
    decision,
    mids,
    trade: {
      tokenId: decision.tokenId,
      outcome: view.outcome,
      marketTokenIds: market.outcomes.map((o) => o.tokenId),
      request,
      limitPriceMicros: decision.limitPriceMicros,
      decisionPriceMicros: decisionBook.book[side][0]?.priceMicros ?? null,
      executionReferencePriceMicros: executionBook[side][0]?.priceMicros ?? null,
      executionBook,
      simulation: fillOrKillOnVenue(executionBook, request, options),
      predictedSlippageBps: predicted.ok ? predicted.value.slippageBps : null,
      feeModel: fees.kind,
      bookAgeMs: decisionBook.ageMs,
      latencyMs,
      syntheticMarket: market.synthetic === true,
    },
  };
}
