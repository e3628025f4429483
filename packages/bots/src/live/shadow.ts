/**
 * Shadow trading (issue 20; the specification's "Testing Strategy → Shadow Trading"): a live bot in
 * shadow mode trades every decision twice — live, as a FOK at the market's minimum size through the
 * ordinary crash-safe live order path, and on paper, at the decision's full size, filled by the
 * paper engine on the SAME book snapshot. The pair is stored so the divergence (fill rate, price,
 * slippage, latency) can be reported per bot.
 *
 * - The live leg is the decision's order shrunk to the smallest the exchange takes: a SELL of the
 *   minimum order size (shares, 2 decimals); a BUY of the smallest whole-cent amount, at least $1,
 *   whose fill reaches the minimum order size at the best price (else at the limit price). Every
 *   live check (paper's guards, live risk admission, pre-flight) judges the live leg at that size.
 * - The paper leg is the decision's own full-size simulation, recorded as a `paper` trade-log row
 *   (executed or rejected with the simulation's reason) linked to the live order by the pair and by
 *   the shared decision id. It changes no balance or position: the bot's ledger is its live budget.
 *
 * Known limitations
 * - The strategy sizes its decisions on the live ledger (minimum-size holdings), so a paper SELL
 *   sells what the live bot holds, not what a full-size paper bot would hold.
 * - The paper row's tick key is the tick's with `:shadow` appended: a tick's trade rows are unique by
 *   (bot, tick, market, token), and the live leg's row takes the tick's own key.
 */
import { CENT_MICROS, type FokFill, type FokRejection, type FokRequest, fillOrKillOnVenue, MIN_MARKETABLE_BUY_MICROS, newId, type Result, sideTakenBy } from '@polymancer/core';
import type { Bot } from '../model/bot.ts';
import type { MarketInfo } from '../market-data/market-data.ts';
import { feeModelFor } from '../tick/fee-model-for.ts';
import type { MarketPlan, TradePlan } from '../tick/plan-market.ts';
import type { TradeRecord } from '../tick/tick-store.ts';

/** One shadow pair (`shadow_pairs`): keyed by the live leg's order. Money in micros, rates in bps. */
export interface ShadowPairRecord {
  readonly liveOrderId: string;
  readonly userId: string;
  readonly botId: string;
  readonly decisionId: string;
  readonly tickKey: string;
  readonly conditionId: string;
  readonly tokenId: string;
  readonly side: 'buy' | 'sell';
  readonly paperTradeId: string;
  readonly decidedAt: Date;
  readonly signedAt: Date;
  readonly answeredAt: Date | null;
  readonly bestPriceMicros: number | null;
  readonly paperFilled: boolean;
  readonly paperRejectionCode: string | null;
  readonly paperSharesMicros: number | null;
  readonly paperNotionalMicros: number | null;
  readonly paperPriceMicros: number | null;
  readonly paperFeeMicros: number | null;
  readonly paperSlippageBps: number | null;
  readonly livePredictedPriceMicros: number;
  readonly livePredictedSlippageBps: number;
  readonly createdAt: Date;
}

const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;

/** The BUY amount (whole cents, at least $1) whose fill at `priceMicros` reaches `minShares`. */
function buyAmountFor(minShares: number, priceMicros: number): number {
  return Math.max(MIN_MARKETABLE_BUY_MICROS, ceilTo(Math.ceil((minShares * priceMicros) / 1_000_000), CENT_MICROS));
}

/**
 * The decision's order at the market's minimum size, simulated on the same execution book: the live
 * leg. A BUY tries the amount sized at the best price, then at the limit price (a thin best level).
 */
export function minimumSizeLeg(plan: TradePlan, market: MarketInfo, bot: Bot): TradePlan {
  const book = plan.executionBook;
  const minShares = Math.max(market.minOrderSizeMicros, CENT_MICROS);
  const options = { feeModel: feeModelFor(bot.feeModel, market), minOrderSizeMicros: market.minOrderSizeMicros };
  const candidates: FokRequest[] = [];
  if (plan.request.side === 'SELL') {
    candidates.push({ side: 'SELL', by: 'shares', sharesMicros: ceilTo(minShares, CENT_MICROS), limitPriceMicros: plan.limitPriceMicros });
  } else {
    const best = book[sideTakenBy('BUY')][0]?.priceMicros;
    const prices = [...(best === undefined ? [] : [best]), plan.limitPriceMicros];
    for (const price of prices) {
      const amountMicros = buyAmountFor(minShares, price);
      if (!candidates.some((c) => c.by === 'amount' && c.amountMicros === amountMicros)) candidates.push({ side: 'BUY', by: 'amount', amountMicros, limitPriceMicros: plan.limitPriceMicros });
    }
  }
  let request = candidates[0] as FokRequest;
  let simulation: Result<FokFill, FokRejection> = fillOrKillOnVenue(book, request, options);
  for (const candidate of candidates.slice(1)) {
    if (simulation.ok) break;
    request = candidate;
    simulation = fillOrKillOnVenue(book, candidate, options);
  }
  return { ...plan, request, simulation, predictedSlippageBps: simulation.ok ? simulation.value.slippageBps : null };
}

/** The first trade plan of the tick becomes its live leg at minimum size; the original is the paper leg. */
export function shadowPlans(plans: readonly MarketPlan[], bot: Bot): { readonly plans: MarketPlan[]; readonly paper: TradePlan | undefined } {
  let paper: TradePlan | undefined;
  const out = plans.map((plan) => {
    if (paper !== undefined || plan.kind !== 'decided' || plan.trade === undefined) return plan;
    paper = plan.trade;
    return { ...plan, trade: minimumSizeLeg(plan.trade, plan.market, bot) };
  });
  return { plans: out, paper };
}

/** The paper leg as a `paper` trade-log row: the full-size simulation, executed or rejected. */
export function paperLegRow(bot: Bot, tickKey: string, conditionId: string, plan: TradePlan, decisionId: string, now: Date): TradeRecord {
  const fill = plan.simulation.ok ? plan.simulation.value : undefined;
  const rejection = plan.simulation.ok ? undefined : plan.simulation.error;
  const asked = plan.request.by === 'amount' ? { amountMicros: plan.request.amountMicros, sharesMicros: null } : { amountMicros: null, sharesMicros: plan.request.sharesMicros };
  return {
    id: newId('trade'),
    userId: bot.userId,
    botId: bot.id,
    type: 'paper',
    kind: 'trade',
    status: fill === undefined ? 'rejected' : 'executed',
    side: plan.request.side === 'BUY' ? 'buy' : 'sell',
    marketId: conditionId,
    tokenId: plan.tokenId,
    amountMicros: fill?.notionalMicros ?? asked.amountMicros,
    sharesMicros: fill?.sharesMicros ?? asked.sharesMicros,
    decisionPriceMicros: plan.decisionPriceMicros,
    executionPriceMicros: fill?.averagePriceMicros ?? null,
    feeMicros: fill?.feeMicros ?? null,
    predictedSlippageBps: plan.predictedSlippageBps,
    actualSlippageBps: fill?.slippageBps ?? null,
    marketImpactBps: fill?.marketImpactBps ?? null,
    feeModel: plan.feeModel,
    orderId: null,
    transactionHash: null,
    rejectionCode: rejection?.code ?? null,
    rejectionReason: rejection?.reason ?? null,
    tickKey: `${tickKey}:shadow`,
    decisionId,
    latencyMs: plan.latencyMs,
    bookAgeMs: plan.bookAgeMs,
    realizedPnlMicros: null,
    countsForUnlock: false,
    unlockExclusions: null,
    createdAt: now,
  };
}

export function shadowPairRow(input: {
  readonly liveOrderId: string;
  readonly bot: Bot;
  readonly tickKey: string;
  readonly conditionId: string;
  readonly decisionId: string;
  readonly paper: TradePlan;
  readonly paperRow: TradeRecord;
  readonly live: FokFill;
  readonly decidedAt: Date;
  readonly signedAt: Date;
  readonly now: Date;
}): ShadowPairRecord {
  const { paper, live } = input;
  const fill = paper.simulation.ok ? paper.simulation.value : undefined;
  return {
    liveOrderId: input.liveOrderId,
    userId: input.bot.userId,
    botId: input.bot.id,
    decisionId: input.decisionId,
    tickKey: input.tickKey,
    conditionId: input.conditionId,
    tokenId: paper.tokenId,
    side: paper.request.side === 'BUY' ? 'buy' : 'sell',
    paperTradeId: input.paperRow.id,
    decidedAt: input.decidedAt,
    signedAt: input.signedAt,
    answeredAt: null,
    bestPriceMicros: live.bestPriceMicros,
    paperFilled: fill !== undefined,
    paperRejectionCode: paper.simulation.ok ? null : paper.simulation.error.code,
    paperSharesMicros: fill?.sharesMicros ?? null,
    paperNotionalMicros: fill?.notionalMicros ?? null,
    paperPriceMicros: fill?.averagePriceMicros ?? null,
    paperFeeMicros: fill?.feeMicros ?? null,
    paperSlippageBps: fill?.slippageBps ?? null,
    livePredictedPriceMicros: live.averagePriceMicros,
    livePredictedSlippageBps: live.slippageBps,
    createdAt: input.now,
  };
}
