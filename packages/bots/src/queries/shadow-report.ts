/**
 * The shadow-trading divergence report of one bot (issue 20; `live/shadow.ts` writes the pairs):
 * over the pairs whose decision falls in [from, to), how the minimum-size live leg and the
 * full-size paper leg of the same decisions differ — fill rates, price, slippage, latency — and the
 * most divergent pairs, paged.
 *
 * Conventions (integers only)
 * - Rates are basis points of the decisions, half-even: `liveFillRateBps` counts live orders the
 *   exchange matched, `paperFillRateBps` paper legs the paper engine filled. A live leg whose outcome
 *   is not known yet (`submitting` / `outcome_unknown`) counts as decided, not filled (`livePending`).
 * - Price difference (micros per share) and slippage difference (bps) are taken on pairs where both
 *   legs filled, signed so that positive means live did worse: BUY live − paper, SELL paper − live;
 *   slippage live actual − paper. Means are half-even to the unit; p50 and p99 are nearest-rank
 *   (Postgres `percentile_disc`).
 * - Latency: decision → signed order, and signed → the exchange's answer to the post (pairs whose
 *   outcome only reconciliation learned have no answer latency).
 * - Divergent pairs: fill mismatches first (one leg filled, the other not), then by the absolute
 *   price difference, the absolute slippage difference, newest first.
 */
import { divRound, ValidationError } from '@polymancer/core';

export interface ShadowWindow {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

export interface ShadowAggregates {
  readonly decisions: number;
  readonly liveAnswered: number;
  readonly liveFilled: number;
  readonly paperFilled: number;
  /** Paper filled, live answered unfilled. */
  readonly paperOnly: number;
  /** Live filled, paper not. */
  readonly liveOnly: number;
  readonly bothFilled: number;
  readonly priceDiffSumMicros: number | null;
  readonly priceDiffP50Micros: number | null;
  readonly slippageDiffSumBps: number | null;
  readonly slippageDiffP50Bps: number | null;
  readonly signedLatencyP50Ms: number | null;
  readonly signedLatencyP99Ms: number | null;
  readonly answerLatencySamples: number;
  readonly answerLatencyP50Ms: number | null;
  readonly answerLatencyP99Ms: number | null;
}

export interface ShadowPairView {
  readonly liveOrderId: string;
  readonly decisionId: string;
  readonly paperTradeId: string;
  readonly conditionId: string;
  readonly tokenId: string;
  readonly side: 'buy' | 'sell';
  readonly decidedAt: Date;
  /** The live order's status: matched, rejected, not_found, submitting, outcome_unknown. */
  readonly liveStatus: string;
  readonly liveFilled: boolean;
  readonly liveRejectionCode: string | null;
  readonly paperFilled: boolean;
  readonly paperRejectionCode: string | null;
  readonly liveSharesMicros: number | null;
  readonly paperSharesMicros: number | null;
  readonly livePredictedPriceMicros: number;
  readonly livePriceMicros: number | null;
  readonly paperPriceMicros: number | null;
  readonly priceDiffMicros: number | null;
  readonly liveSlippageBps: number | null;
  readonly paperSlippageBps: number | null;
  readonly slippageDiffBps: number | null;
  readonly decisionToSignedMs: number;
  readonly signedToAnswerMs: number | null;
}

/** The read port (`createBotQueryStore(db)` implements it). */
export interface ShadowReportStore {
  shadowAggregates(botId: string, window: ShadowWindow): Promise<ShadowAggregates>;
  /** The most divergent pairs first (see the header), `offset` rows skipped. */
  shadowDivergentPairs(botId: string, window: ShadowWindow, offset: number, limit: number): Promise<ShadowPairView[]>;
}

export interface ShadowReportRequest extends ShadowWindow {
  /** 1..100, default 20. */
  readonly limit?: number | undefined;
  /** 0..100 000, default 0. */
  readonly offset?: number | undefined;
}

export interface ShadowReport {
  readonly botId: string;
  readonly from: Date | null;
  readonly to: Date | null;
  readonly shadowMode: boolean;
  readonly decisions: number;
  readonly livePending: number;
  readonly liveFilled: number;
  readonly paperFilled: number;
  readonly liveFillRateBps: number | null;
  readonly paperFillRateBps: number | null;
  /** Live − paper fill rate. */
  readonly fillRateDiffBps: number | null;
  readonly fillMismatches: { readonly paperFilledLiveNot: number; readonly liveFilledPaperNot: number };
  readonly price: { readonly pairs: number; readonly meanDiffMicros: number | null; readonly p50DiffMicros: number | null };
  readonly slippage: { readonly pairs: number; readonly meanDiffBps: number | null; readonly p50DiffBps: number | null };
  readonly latency: {
    readonly decisionToSignedP50Ms: number | null;
    readonly decisionToSignedP99Ms: number | null;
    readonly answered: number;
    readonly signedToAnswerP50Ms: number | null;
    readonly signedToAnswerP99Ms: number | null;
  };
  readonly divergent: { readonly items: ShadowPairView[]; readonly nextOffset: number | null };
}

const MAX_OFFSET = 100_000;

function invalid(path: string, message: string): ValidationError {
  return new ValidationError(`Invalid query: ${path}: ${message}`, { details: { issues: [{ path, message }] } });
}

const rateBps = (part: number, whole: number) => (whole === 0 ? null : Number(divRound(BigInt(part) * 10_000n, BigInt(whole), 'half-even')));
const mean = (sum: number | null, n: number) => (sum === null || n === 0 ? null : Number(divRound(BigInt(sum), BigInt(n), 'half-even')));

export async function shadowReportOf(store: ShadowReportStore, bot: { readonly id: string; readonly shadowMode: boolean }, request: ShadowReportRequest): Promise<ShadowReport> {
  const limit = request.limit ?? 20;
  const offset = request.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) throw invalid('limit', 'limit must be a whole number from 1 to 100');
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > MAX_OFFSET) throw invalid('offset', `offset must be a whole number from 0 to ${MAX_OFFSET}`);
  if (request.from !== undefined && request.to !== undefined && request.from.getTime() >= request.to.getTime()) throw invalid('from', 'from must be before to');
  const window: ShadowWindow = { from: request.from, to: request.to };
  const a = await store.shadowAggregates(bot.id, window);
  const rows = await store.shadowDivergentPairs(bot.id, window, offset, limit + 1);
  const liveRate = rateBps(a.liveFilled, a.decisions);
  const paperRate = rateBps(a.paperFilled, a.decisions);
  return {
    botId: bot.id,
    from: request.from ?? null,
    to: request.to ?? null,
    shadowMode: bot.shadowMode,
    decisions: a.decisions,
    livePending: a.decisions - a.liveAnswered,
    liveFilled: a.liveFilled,
    paperFilled: a.paperFilled,
    liveFillRateBps: liveRate,
    paperFillRateBps: paperRate,
    fillRateDiffBps: liveRate === null || paperRate === null ? null : liveRate - paperRate,
    fillMismatches: { paperFilledLiveNot: a.paperOnly, liveFilledPaperNot: a.liveOnly },
    price: { pairs: a.bothFilled, meanDiffMicros: mean(a.priceDiffSumMicros, a.bothFilled), p50DiffMicros: a.priceDiffP50Micros },
    slippage: { pairs: a.bothFilled, meanDiffBps: mean(a.slippageDiffSumBps, a.bothFilled), p50DiffBps: a.slippageDiffP50Bps },
    latency: {
      decisionToSignedP50Ms: a.signedLatencyP50Ms,
      decisionToSignedP99Ms: a.signedLatencyP99Ms,
      answered: a.answerLatencySamples,
      signedToAnswerP50Ms: a.answerLatencyP50Ms,
      signedToAnswerP99Ms: a.answerLatencyP99Ms,
    },
    divergent: { items: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : null },
  };
}
