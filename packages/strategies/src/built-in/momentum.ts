/**
 * Momentum on recent prices.
 *
 * Guarantees: deterministic given its input; integer arithmetic only; every limit price is on the
 * market's tick and inside (0, 1); a trade is sized to what the visible book can fill at its limit.
 *
 * Semantics, per watched token, on the price series named by `source` (midpoints from previous
 * ticks, or trade prints), oldest first:
 * - the last `lookbackMoves` moves (differences of consecutive prices) must all point one way and
 *   together move at least `thresholdMicros`;
 * - up: buy `orderAmountMicros` (bounded by balance, position cap and depth), limit = best ask +
 *   `chaseTicks` ticks; down: sell the held shares (at most `maxSellSharesMicros`), limit = best
 *   bid − `chaseTicks` ticks.
 * Among tokens a sell wins over a buy, then the larger total move.
 *
 * Known limitations: a flat move (two equal prices) breaks a run; trade prints are taken as they
 * come, without weighting by size or time.
 */
import { mulDiv } from '@polymancer/core';
import { bestAsk, bestBid, clampToBook } from '../book-math.ts';
import { hold, type Decision } from '../decision.ts';
import type { StrategyInput, TokenView } from '../input.ts';
import { momentumParamsSchema, type MomentumParams } from '../params.ts';
import type { Strategy } from '../strategy.ts';
import { choose, type Finding } from './choose.ts';
import { fmt } from './format.ts';
import { type SizingInput, sizeBuy, sizeSell } from './sizing.ts';

export const momentumStrategy: Strategy<MomentumParams> = {
  kind: 'momentum',
  async decide(input: StrategyInput<MomentumParams>): Promise<Decision> {
    const params = momentumParamsSchema.safeParse(input.params);
    if (!params.success) return hold('invalid_params', `momentum parameters are invalid: ${params.error.issues[0]?.message ?? ''}`);
    return choose(input.tokens.map((token) => evaluate(input, token, params.data)));
  },
};

type Run = { direction: 'up' | 'down'; moveMicros: number } | { direction: 'none'; why: string };

/** Direction of the last `k` moves of `prices`, or why there is none. */
export function lastRun(prices: readonly number[], k: number, thresholdMicros: number): Run {
  const tail = prices.slice(-(k + 1));
  let up = true;
  let down = true;
  for (let i = 1; i < tail.length; i++) {
    const d = (tail[i] ?? 0) - (tail[i - 1] ?? 0);
    if (d <= 0) up = false;
    if (d >= 0) down = false;
  }
  const moveMicros = (tail[tail.length - 1] ?? 0) - (tail[0] ?? 0);
  if (!up && !down) return { direction: 'none', why: `the last ${k} moves are mixed` };
  if (Math.abs(moveMicros) < thresholdMicros) return { direction: 'none', why: `the last ${k} moves total ${fmt(Math.abs(moveMicros))}, under the threshold ${fmt(thresholdMicros)}` };
  return { direction: up ? 'up' : 'down', moveMicros: Math.abs(moveMicros) };
}

function evaluate(input: SizingInput, token: TokenView, p: MomentumParams): Finding {
  const { market } = input;
  const bid = bestBid(token.book);
  const ask = bestAsk(token.book);
  if (bid === undefined && ask === undefined) return { kind: 'hold', code: 'empty_book', reason: `${token.outcome}: the book is empty` };
  const prices = p.source === 'trades' ? token.trades.map((t) => t.priceMicros) : token.midpoints.map((m) => m.priceMicros);
  if (prices.length < p.lookbackMoves + 1) {
    return { kind: 'hold', code: 'insufficient_history', reason: `${token.outcome}: ${prices.length} ${p.source} recorded, ${p.lookbackMoves + 1} needed` };
  }
  const run = lastRun(prices, p.lookbackMoves, p.thresholdMicros);
  if (run.direction === 'none') return { kind: 'hold', code: 'no_signal', reason: `${token.outcome}: ${run.why}` };
  const tick = market.tickSizeMicros;
  const conf = Math.min(1000, 500 + mulDiv(run.moveMicros - p.thresholdMicros, 500, p.thresholdMicros, 'floor'));
  const trend = `the last ${p.lookbackMoves} ${p.source} moves went ${run.direction} by ${fmt(run.moveMicros)}`;

  if (run.direction === 'down') {
    if (bid === undefined) return { kind: 'hold', code: 'empty_book', reason: `${token.outcome}: ${trend}, but there are no bids` };
    const limitPriceMicros = clampToBook(bid.priceMicros - p.chaseTicks * tick, tick);
    const sized = sizeSell(input, token, limitPriceMicros, p);
    if (!sized.ok) return { kind: 'hold', code: sized.code, reason: `${token.outcome}: ${trend}, but ${sized.reason}` };
    return {
      kind: 'trade',
      edgeMicros: run.moveMicros,
      decision: {
        kind: 'trade',
        side: 'sell',
        tokenId: token.tokenId,
        sharesMicros: sized.value.sharesMicros,
        limitPriceMicros,
        confidencePerMille: conf,
        reasoning: `${token.outcome}: ${trend}; selling at ${fmt(limitPriceMicros)} or better`,
      },
    };
  }

  if (ask === undefined) return { kind: 'hold', code: 'empty_book', reason: `${token.outcome}: ${trend}, but there are no asks` };
  const limitPriceMicros = clampToBook(ask.priceMicros + p.chaseTicks * tick, tick);
  const sized = sizeBuy(input, token, limitPriceMicros, p);
  if (!sized.ok) return { kind: 'hold', code: sized.code, reason: `${token.outcome}: ${trend}, but ${sized.reason}` };
  return {
    kind: 'trade',
    edgeMicros: run.moveMicros,
    decision: {
      kind: 'trade',
      side: 'buy',
      tokenId: token.tokenId,
      amountMicros: sized.value.amountMicros,
      limitPriceMicros,
      confidencePerMille: conf,
      reasoning: `${token.outcome}: ${trend}; buying up to ${fmt(limitPriceMicros)}`,
    },
  };
}
