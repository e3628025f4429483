/**
 * Steps 5–7 of the tick for one market, inside the transaction: settle a resolved market, or run
 * the guards on the simulated fill, execute it through the `Execution` port, apply it to the ledger
 * and write the trade log row, the decision row and the audit event.
 */
import { type DailyPnlState, dailyPnlMicros, divRound, toSafeNumber, type Guard, newId, recordRealized, type RiskLimits, runGuards, tradeExclusions } from '@polymancer/core';
import type { Bot } from '../model/bot.ts';
import type { Execution } from '../execution/execution.ts';
import { type MarketInfo, payoutMicrosOf } from '../market-data/market-data.ts';
import { tradesUnder } from './daily-loss-stop.ts';
import type { TickLedger } from './ledger.ts';
import type { MarketPlan, TradePlan } from './plan-market.ts';
import type { DecisionRecord, TickTransaction, TradeRecord } from './tick-store.ts';

export interface ApplyContext {
  readonly tx: TickTransaction;
  readonly bot: Bot;
  readonly tickKey: string;
  readonly ledger: TickLedger;
  readonly execution: Execution;
  readonly guards: readonly Guard[];
  readonly now: Date;
  /** The deployment trades real money: only the real venue's markets make a paper record. */
  readonly realMoneyDeployment: boolean;
  daily: DailyPnlState;
  firstPaperTradeAt: Date | null;
  /** The daily loss limit's hard stop in force: no buys; sells only if the owner asked for them. */
  readonly dailyLossStop?: { readonly exitsAllowed: boolean } | undefined;
}

export interface ApplyCounts {
  trades: number;
  rejections: number;
  holds: number;
  settlements: number;
}

export function riskLimitsOf(bot: Bot): RiskLimits {
  const r = bot.risk;
  const limits: { -readonly [K in keyof RiskLimits]: RiskLimits[K] } = {
    maxPriceMovementBps: r.maxPriceMovementBps,
    maxMarketImpactBps: r.maxMarketImpactBps,
  };
  if (r.maxTradeSizeMicros !== null) limits.maxTradeSizeMicros = r.maxTradeSizeMicros;
  if (r.maxPositionPerMarketMicros !== null) limits.maxPositionPerMarketMicros = r.maxPositionPerMarketMicros;
  if (r.dailyLossLimitMicros !== null) limits.dailyLossLimitMicros = r.dailyLossLimitMicros;
  if (r.maxSlippageBps !== null) limits.maxSlippageBps = r.maxSlippageBps;
  return limits;
}

function baseTrade(c: ApplyContext, plan: { conditionId: string }): Omit<TradeRecord, 'status' | 'kind' | 'side' | 'tokenId'> {
  return {
    id: newId('trade'),
    userId: c.bot.userId,
    botId: c.bot.id,
    type: c.execution.mode,
    marketId: plan.conditionId,
    amountMicros: null,
    sharesMicros: null,
    decisionPriceMicros: null,
    executionPriceMicros: null,
    feeMicros: null,
    predictedSlippageBps: null,
    actualSlippageBps: null,
    marketImpactBps: null,
    feeModel: null,
    orderId: null,
    transactionHash: null,
    rejectionCode: null,
    rejectionReason: null,
    tickKey: c.tickKey,
    decisionId: null,
    latencyMs: null,
    bookAgeMs: null,
    realizedPnlMicros: null,
    countsForUnlock: false,
    unlockExclusions: null,
    createdAt: c.now,
  };
}

/** Whether a trade made now counts toward unlock: the bot's settings and the market against the platform's paper rules. */
function unlockMarking(c: ApplyContext, plan: TradePlan): Pick<TradeRecord, 'countsForUnlock' | 'unlockExclusions'> {
  if (c.execution.mode !== 'paper') return { countsForUnlock: false, unlockExclusions: null };
  const { feeModel, risk } = c.bot;
  const exclusions = tradeExclusions(
    { feeModel, maxMarketImpactBps: risk.maxMarketImpactBps, maxPriceMovementBps: risk.maxPriceMovementBps },
    { syntheticMarket: plan.syntheticMarket, realMoneyDeployment: c.realMoneyDeployment },
  );
  return exclusions.length === 0 ? { countsForUnlock: true, unlockExclusions: null } : { countsForUnlock: false, unlockExclusions: exclusions.map((e) => e.code) };
}

function holdRecord(c: ApplyContext, conditionId: string, code: string | null, reasoning: string): DecisionRecord {
  return {
    id: newId('decision'),
    botId: c.bot.id,
    userId: c.bot.userId,
    tickKey: c.tickKey,
    conditionId,
    strategyKind: c.bot.strategy.kind,
    kind: 'hold',
    holdCode: code,
    side: null,
    tokenId: null,
    amountMicros: null,
    sharesMicros: null,
    limitPriceMicros: null,
    reasoning,
    confidencePerMille: null,
    inputTokens: null,
    outputTokens: null,
    costMicros: null,
    tradeLogId: null,
    createdAt: c.now,
  };
}

export async function applyPlan(c: ApplyContext, plan: MarketPlan, counts: ApplyCounts): Promise<void> {
  switch (plan.kind) {
    case 'unavailable':
      counts.holds += 1;
      await c.tx.insertDecision(holdRecord(c, plan.conditionId, 'market_data_unavailable', plan.reason));
      return;
    case 'closed':
      counts.holds += 1;
      await c.tx.insertDecision(holdRecord(c, plan.conditionId, 'market_closed', plan.reason));
      return;
    case 'resolved':
      await settle(c, plan.conditionId, plan.market, counts);
      return;
    case 'decided':
      break;
  }
  const { decision } = plan;
  for (const [tokenId, mid] of plan.mids) c.ledger.mark(tokenId, mid);
  const usage = decision.usage;
  const record: DecisionRecord = {
    ...holdRecord(c, plan.conditionId, decision.kind === 'hold' ? decision.code : null, decision.reasoning),
    kind: decision.kind,
    inputTokens: usage?.inputTokens ?? null,
    outputTokens: usage?.outputTokens ?? null,
    costMicros: usage?.costMicros ?? null,
  };
  if (decision.kind === 'hold' || plan.trade === undefined) {
    counts.holds += 1;
    await c.tx.insertDecision(record);
    return;
  }
  if (c.dailyLossStop !== undefined && !tradesUnder(c.dailyLossStop, decision.side)) {
    counts.holds += 1;
    const why = `the daily loss limit stopped this bot until the next UTC day; ${decision.side === 'buy' ? 'only risk-reducing sells are allowed' : 'its owner has not asked for sells'}`;
    await c.tx.insertDecision({ ...record, kind: 'hold', holdCode: 'daily_loss_stopped', reasoning: `${why} (the strategy wanted to ${decision.side}: ${decision.reasoning})` });
    return;
  }
  const tradeLogId = await trade(c, plan.conditionId, plan.trade, record.id, counts);
  // A position this trade opened has no mark yet: value it at this tick's midpoint like the rest.
  for (const [tokenId, mid] of plan.mids) c.ledger.mark(tokenId, mid);
  await c.tx.insertDecision({
    ...record,
    side: decision.side,
    tokenId: decision.tokenId,
    amountMicros: decision.side === 'buy' ? decision.amountMicros : null,
    sharesMicros: decision.side === 'sell' ? decision.sharesMicros : null,
    limitPriceMicros: decision.limitPriceMicros,
    confidencePerMille: decision.confidencePerMille,
    tradeLogId,
  });
}

async function trade(c: ApplyContext, conditionId: string, plan: TradePlan, decisionId: string, counts: ApplyCounts): Promise<string> {
  const side = plan.request.side === 'BUY' ? 'buy' : 'sell';
  const base: TradeRecord = {
    ...baseTrade(c, { conditionId }),
    kind: 'trade',
    status: 'rejected',
    side,
    tokenId: plan.tokenId,
    amountMicros: plan.request.by === 'amount' ? plan.request.amountMicros : null,
    sharesMicros: plan.request.by === 'shares' ? plan.request.sharesMicros : null,
    decisionPriceMicros: plan.decisionPriceMicros,
    feeModel: plan.feeModel,
    decisionId,
    latencyMs: plan.latencyMs,
    bookAgeMs: plan.bookAgeMs,
    ...unlockMarking(c, plan),
  };
  const reject = async (code: string, reason: string, extra: Partial<TradeRecord> = {}) => {
    counts.rejections += 1;
    const row: TradeRecord = { ...base, ...extra, status: 'rejected', rejectionCode: code, rejectionReason: reason };
    await c.tx.insertTrade(row);
    await c.tx.audit({
      actorId: null,
      actorType: 'system',
      action: 'bot.trade.rejected',
      subjectType: 'bot',
      subjectId: c.bot.id,
      details: { tradeId: row.id, tickKey: c.tickKey, conditionId, tokenId: plan.tokenId, side, code, reason, type: c.execution.mode },
    });
    return row.id;
  };

  if (!plan.simulation.ok) return reject(plan.simulation.error.code, plan.simulation.error.reason);
  const fill = plan.simulation.value;
  const simulated: Partial<TradeRecord> = {
    sharesMicros: fill.sharesMicros,
    amountMicros: fill.notionalMicros,
    executionPriceMicros: fill.averagePriceMicros,
    feeMicros: fill.feeMicros,
    predictedSlippageBps: plan.predictedSlippageBps,
    marketImpactBps: fill.marketImpactBps,
  };
  const held = c.ledger.position(plan.tokenId);
  const equityBefore = c.ledger.valuation().equityMicros;
  const verdict = runGuards(
    c.guards,
    {
      fill,
      limits: riskLimitsOf(c.bot),
      balanceMicros: c.ledger.balanceMicros,
      positionSharesMicros: held?.sharesMicros ?? 0,
      marketCostBasisMicros: c.ledger.marketCostBasisMicros(plan.marketTokenIds),
      dailyPnl: { utcDay: c.daily.utcDay, pnlMicros: dailyPnlMicros(c.daily, c.now, equityBefore) },
      decisionPriceMicros: plan.decisionPriceMicros ?? fill.bestPriceMicros,
      executionPriceMicros: plan.executionReferencePriceMicros ?? fill.bestPriceMicros,
    },
    c.now,
  );
  if (!verdict.ok) return reject(verdict.code, verdict.reason, simulated);

  const executed = await c.execution.execute(
    { botId: c.bot.id, userId: c.bot.userId, conditionId, tokenId: plan.tokenId, simulatedFill: fill, book: plan.executionBook, limitPriceMicros: plan.limitPriceMicros },
    c.now,
  );
  if (!executed.ok) return reject(executed.error.code, executed.error.reason, simulated);
  const done = executed.value;
  const change = c.ledger.apply(plan.tokenId, { conditionId, outcome: plan.outcome }, done);
  if (!change.ok) return reject(change.error.code, change.error.reason, simulated);

  counts.trades += 1;
  c.daily = recordRealized(c.daily, c.now, change.value.realizedPnlMicros, equityBefore);
  if (c.firstPaperTradeAt === null && c.execution.mode === 'paper') c.firstPaperTradeAt = c.now;
  const row: TradeRecord = {
    ...base,
    ...simulated,
    status: 'executed',
    sharesMicros: done.sharesMicros,
    amountMicros: done.notionalMicros,
    executionPriceMicros: done.averagePriceMicros,
    feeMicros: done.feeMicros,
    actualSlippageBps: actualSlippageBps(side, done.averagePriceMicros, plan.decisionPriceMicros ?? fill.bestPriceMicros),
    orderId: done.orderId,
    transactionHash: done.transactionHash,
    realizedPnlMicros: change.value.realizedPnlMicros,
  };
  await c.tx.insertTrade(row);
  await c.tx.audit({
    actorId: null,
    actorType: 'system',
    action: 'bot.trade.executed',
    subjectType: 'bot',
    subjectId: c.bot.id,
    details: {
      tradeId: row.id,
      tickKey: c.tickKey,
      type: c.execution.mode,
      conditionId,
      tokenId: plan.tokenId,
      side,
      sharesMicros: done.sharesMicros,
      notionalMicros: done.notionalMicros,
      feeMicros: done.feeMicros,
      averagePriceMicros: done.averagePriceMicros,
    },
  });
  return row.id;
}

/**
 * Settles every open position the bot holds in a resolved market at its outcome's payout (1/0, a
 * 50/50 or other split): none stays open once the payouts are known.
 */
async function settle(c: ApplyContext, conditionId: string, market: MarketInfo, counts: ApplyCounts): Promise<void> {
  for (const position of c.ledger.positions()) {
    if (position.conditionId !== conditionId) continue;
    const payoutMicros = payoutMicrosOf(market, position.tokenId);
    const shares = position.sharesMicros;
    const equityBefore = c.ledger.valuation().equityMicros;
    const change = c.ledger.settle(position.tokenId, payoutMicros, c.now);
    if (change === undefined) continue;
    counts.settlements += 1;
    c.daily = recordRealized(c.daily, c.now, change.realizedPnlMicros, equityBefore);
    const row: TradeRecord = {
      ...baseTrade(c, { conditionId }),
      kind: 'settlement',
      status: 'executed',
      side: 'sell',
      tokenId: position.tokenId,
      amountMicros: change.cashDeltaMicros,
      sharesMicros: shares,
      executionPriceMicros: payoutMicros,
      feeMicros: 0,
      realizedPnlMicros: change.realizedPnlMicros,
    };
    await c.tx.insertTrade(row);
    await c.tx.audit({
      actorId: null,
      actorType: 'system',
      action: 'bot.position.settled',
      subjectType: 'bot',
      subjectId: c.bot.id,
      details: { tradeId: row.id, conditionId, tokenId: position.tokenId, won: payoutMicros === 1_000_000, payoutPerShareMicros: payoutMicros, sharesMicros: shares, payoutMicros: change.cashDeltaMicros },
    });
  }
}

/**
 * What the fill really cost against the price the decision saw (the best price of the side taken in
 * the decision book), in bps rounded up: positive = worse for the bot, negative = better (the book
 * moved its way during the delay). Unlike the predicted slippage it includes the move between
 * decision and execution.
 */
export function actualSlippageBps(side: 'buy' | 'sell', averagePriceMicros: number, decisionPriceMicros: number): number {
  if (decisionPriceMicros <= 0) return 0;
  const worse = side === 'buy' ? averagePriceMicros - decisionPriceMicros : decisionPriceMicros - averagePriceMicros;
  return toSafeNumber(divRound(BigInt(worse) * 10_000n, BigInt(decisionPriceMicros), 'ceil'));
}
