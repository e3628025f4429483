/**
 * Mean reversion around a moving-average fair value.
 *
 * Guarantees: deterministic given its input; integer arithmetic only; every limit price is on the
 * market's tick and inside (0, 1); a trade is sized to what the visible book can fill at its limit.
 *
 * Semantics, per watched token:
 * - fair = mean of the last `windowSize` midpoints from previous ticks (half-even rounding);
 * - buy when best ask < fair − band, limit = fair − band rounded down to the tick, spending
 *   `orderAmountMicros` (bounded by balance, position cap and the ask depth inside the limit);
 * - sell the held shares when best bid > fair + band, limit = fair + band rounded up to the tick.
 * Among tokens a sell wins over a buy, then the larger edge (distance past the band).
 *
 * Known limitations: the fair value ignores the current book (only history counts), so the first
 * `windowSize` ticks of a bot always hold; no notion of time between samples.
 */
import { mulDiv } from '@polymancer/core';
import { bestAsk, bestBid, clampToBook, meanMicros, toTick } from '../book-math.ts';
import { hold, type Decision } from '../decision.ts';
import type { StrategyInput, TokenView } from '../input.ts';
import { meanReversionParamsSchema, type MeanReversionParams } from '../params.ts';
import type { Strategy } from '../strategy.ts';
import { choose, type Finding } from './choose.ts';
import { fmt } from './format.ts';
import { type SizingInput, sizeBuy, sizeSell } from './sizing.ts';

export const meanReversionStrategy: Strategy<MeanReversionParams> = {
  kind: 'mean-reversion',
  async decide(input: StrategyInput<MeanReversionParams>): Promise<Decision> {
    const params = meanReversionParamsSchema.safeParse(input.params);
    if (!params.success) return hold('invalid_params', `mean-reversion parameters are invalid: ${params.error.issues[0]?.message ?? ''}`);
    return choose(input.tokens.map((token) => evaluate(input, token, params.data)));
  },
};

function evaluate(input: SizingInput, token: TokenView, p: MeanReversionParams): Finding {
  const { market } = input;
  const bid = bestBid(token.book);
  const ask = bestAsk(token.book);
  if (bid === undefined && ask === undefined) return { kind: 'hold', code: 'empty_book', reason: `${token.outcome}: the book is empty` };
  if (token.midpoints.length < p.windowSize) {
    return { kind: 'hold', code: 'insufficient_history', reason: `${token.outcome}: ${token.midpoints.length} of ${p.windowSize} midpoints recorded` };
  }
  const fair = meanMicros(token.midpoints.slice(-p.windowSize).map((m) => m.priceMicros));
  const tick = market.tickSizeMicros;

  const upper = fair + p.bandMicros;
  if (bid !== undefined && bid.priceMicros > upper) {
    const limitPriceMicros = clampToBook(toTick(upper, tick, 'ceil'), tick);
    const sized = sizeSell(input, token, limitPriceMicros, {});
    if (!sized.ok) return { kind: 'hold', code: sized.code, reason: `${token.outcome}: best bid ${fmt(bid.priceMicros)} is above fair ${fmt(fair)} + band, but ${sized.reason}` };
    const edgeMicros = bid.priceMicros - upper;
    return {
      kind: 'trade',
      edgeMicros,
      decision: {
        kind: 'trade',
        side: 'sell',
        tokenId: token.tokenId,
        sharesMicros: sized.value.sharesMicros,
        limitPriceMicros,
        confidencePerMille: confidence(edgeMicros, p.bandMicros),
        reasoning: `${token.outcome}: best bid ${fmt(bid.priceMicros)} is above fair value ${fmt(fair)} (mean of ${p.windowSize} midpoints) + band ${fmt(p.bandMicros)}; selling at ${fmt(limitPriceMicros)} or better`,
      },
    };
  }

  const lower = fair - p.bandMicros;
  if (ask !== undefined && ask.priceMicros < lower) {
    const limitPriceMicros = clampToBook(toTick(lower, tick, 'floor'), tick);
    const sized = sizeBuy(input, token, limitPriceMicros, p);
    if (!sized.ok) return { kind: 'hold', code: sized.code, reason: `${token.outcome}: best ask ${fmt(ask.priceMicros)} is below fair ${fmt(fair)} − band, but ${sized.reason}` };
    const edgeMicros = lower - ask.priceMicros;
    return {
      kind: 'trade',
      edgeMicros,
      decision: {
        kind: 'trade',
        side: 'buy',
        tokenId: token.tokenId,
        amountMicros: sized.value.amountMicros,
        limitPriceMicros,
        confidencePerMille: confidence(edgeMicros, p.bandMicros),
        reasoning: `${token.outcome}: best ask ${fmt(ask.priceMicros)} is below fair value ${fmt(fair)} (mean of ${p.windowSize} midpoints) − band ${fmt(p.bandMicros)}; buying up to ${fmt(limitPriceMicros)}`,
      },
    };
  }
  return { kind: 'hold', code: 'no_signal', reason: `${token.outcome}: prices are within fair value ${fmt(fair)} ± ${fmt(p.bandMicros)}` };
}

/** 500 at the band's edge, rising with the distance past it, 1000 at one band beyond. */
function confidence(edgeMicros: number, bandMicros: number): number {
  return Math.min(1000, 500 + mulDiv(edgeMicros, 500, bandMicros, 'floor'));
}
