/**
 * Fill-or-kill simulation: walk the book level by level and price a taker order that must fill
 * entirely or not at all. The paper engine applies the result; the risk guards read its slippage
 * and impact.
 *
 * Guarantees
 * - Pure and deterministic: same book, request and fee model → same result. No floats: every
 *   amount is an integer in base units (6 decimals); intermediates are BigInt.
 * - A returned fill is complete: BUY-by-shares and SELL fill exactly `sharesMicros`; BUY-by-amount
 *   spends at most `amountMicros` (excluding fee) and stops only inside a level, so the unspent
 *   remainder is dust smaller than one share-micro at that level's price.
 * - Rounding always goes against the taker: a leg's notional is rounded up for a BUY and down for
 *   a SELL, so paper never beats what the venue would settle.
 * - Anything else is a `FokRejection` value with a stable code; nothing throws for market states.
 *
 * Semantics
 * - Levels are consumed best first (asks ascending for BUY, bids descending for SELL), each at
 *   its resting price; a `limitPriceMicros` stops the walk at the first level beyond it.
 * - Fees are priced per leg through the `FeeModel` (one match per price level) and summed.
 *   BUY: cash out = notional + fee. SELL: cash in = notional − fee.
 * - Slippage = (average − best) / best for BUY, (best − average) / best for SELL, from the exact
 *   Σ shares×price (not the rounded notionals), in bps rounded up.
 * - Market impact = filled shares / all visible shares on the side taken, in bps rounded up.
 * - Minimum size: filled shares below the minimum (default the book's `min_order_size`) reject;
 *   shares requests are checked before the walk, amount requests after it.
 *
 * Known limitations
 * - The book is a snapshot: no queue position, no hidden liquidity, no other takers racing us,
 *   no latency (see the paper realism options in the engine).
 * - One leg per price level: a venue fee floored per maker order could be a few micros lower.
 * - Share quantities are not rounded to the venue's 2-decimal order sizes; callers that need
 *   venue-exact sizes round the request first.
 */
import type { Side } from '../fees/fee-model.ts';
import { isValidOrderPrice } from '../book/tick.ts';
import { sideTakenBy, visibleSharesMicros } from '../book/queries.ts';
import type { OrderBook, PriceLevel } from '../book/types.ts';
import { divRound, toSafeNumber } from '../money/rounding.ts';
import { err, ok, type Result } from '../result.ts';
import type { FillLeg, FokFill, FokOptions, FokRejection, FokRejectionCode, FokRequest } from './types.ts';

const MICROS = 1_000_000n;

function reject(code: FokRejectionCode, reason: string, details?: Readonly<Record<string, number | string>>): { ok: false; error: FokRejection } {
  return err(details === undefined ? { code, reason } : { code, reason, details });
}

export function fillOrKill(book: OrderBook, request: FokRequest, options: FokOptions): Result<FokFill, FokRejection> {
  const wanted = request.by === 'amount' ? request.amountMicros : request.sharesMicros;
  if (!Number.isSafeInteger(wanted) || wanted <= 0) {
    return reject('invalid_request', 'the order size must be a positive whole number of micros', { wanted: String(wanted) });
  }
  const limit = request.limitPriceMicros;
  if (limit !== undefined && !isValidOrderPrice(limit, book.tickSizeMicros)) {
    return reject('invalid_limit_price', `limit price ${limit} is not on tick ${book.tickSizeMicros} within [tick, 1 − tick]`, {
      limitPriceMicros: limit,
      tickSizeMicros: book.tickSizeMicros,
    });
  }
  const minShares = options.minOrderSizeMicros ?? book.minOrderSizeMicros;
  if (request.by === 'shares' && wanted < minShares) {
    return reject('below_min_order_size', `${wanted} share-micros is below the minimum order size ${minShares}`, { wanted, minShares });
  }
  const levels = book[sideTakenBy(request.side)];
  const best = levels[0];
  if (best === undefined) return reject('empty_book', `no ${sideTakenBy(request.side)} to ${request.side === 'BUY' ? 'buy from' : 'sell to'}`);

  const walk = request.by === 'amount' ? walkByAmount(levels, wanted, limit) : walkByShares(request.side, levels, wanted, limit);
  if (!walk.complete) {
    const fullBook = request.by === 'amount' ? walkByAmount(levels, wanted, undefined) : walkByShares(request.side, levels, wanted, undefined);
    if (limit !== undefined && fullBook.complete) {
      return reject('limit_price_reached', `the book cannot fill the order within limit price ${limit}`, { limitPriceMicros: limit });
    }
    return reject('insufficient_depth', 'visible depth cannot fill the order entirely', {
      wanted,
      availableSharesMicros: toSafeNumber(fullBook.shares),
    });
  }

  const shares = walk.shares;
  if (shares === 0n || shares < BigInt(minShares)) {
    return reject('below_min_order_size', `the fill of ${shares} share-micros is below the minimum order size ${minShares}`, {
      filledSharesMicros: toSafeNumber(shares),
      minShares,
    });
  }
  const liquidity = options.liquidity ?? 'taker';
  const legs: FillLeg[] = walk.legs.map(([level, take]) => {
    const sharesMicros = toSafeNumber(take);
    const notionalMicros = legNotional(request.side, take, level.priceMicros);
    const feeMicros = options.feeModel.feeMicros({ side: request.side, priceMicros: level.priceMicros, sharesMicros, notionalMicros, liquidity });
    return { priceMicros: level.priceMicros, sharesMicros, notionalMicros, feeMicros };
  });
  const notional = legs.reduce((sum, l) => sum + BigInt(l.notionalMicros), 0n);
  const fee = legs.reduce((sum, l) => sum + BigInt(l.feeMicros), 0n);
  const minNotional = options.minNotionalMicros ?? 0;
  if (notional < BigInt(minNotional)) {
    return reject('below_min_notional', `notional ${notional} micros is below the minimum ${minNotional}`, {
      notionalMicros: toSafeNumber(notional),
      minNotional,
    });
  }
  const bestPrice = BigInt(best.priceMicros);
  const worse = request.side === 'BUY' ? walk.exactValue - bestPrice * shares : bestPrice * shares - walk.exactValue;
  const depth = visibleSharesMicros(book, sideTakenBy(request.side));
  const last = legs[legs.length - 1] as FillLeg;
  return ok({
    side: request.side,
    sharesMicros: toSafeNumber(shares),
    notionalMicros: toSafeNumber(notional),
    feeMicros: toSafeNumber(fee),
    cashDeltaMicros: toSafeNumber(request.side === 'BUY' ? -(notional + fee) : notional - fee),
    averagePriceMicros: toSafeNumber(divRound(walk.exactValue, shares, 'half-even')),
    bestPriceMicros: best.priceMicros,
    worstPriceMicros: last.priceMicros,
    slippageBps: toSafeNumber(divRound(worse * 10_000n, bestPrice * shares, 'ceil')),
    marketImpactBps: toSafeNumber(divRound(shares * 10_000n, BigInt(depth), 'ceil')),
    visibleDepthSharesMicros: depth,
    legs,
    feeModel: options.feeModel.kind,
  });
}

interface Walk {
  readonly complete: boolean;
  readonly legs: ReadonlyArray<readonly [PriceLevel, bigint]>;
  readonly shares: bigint;
  /** Σ shares × price, in micros² (exact). */
  readonly exactValue: bigint;
}

function beyondLimit(side: Side, price: number, limit: number | undefined): boolean {
  if (limit === undefined) return false;
  return side === 'BUY' ? price > limit : price < limit;
}

function walkByShares(side: Side, levels: readonly PriceLevel[], wanted: number, limit: number | undefined): Walk {
  let remaining = BigInt(wanted);
  let value = 0n;
  const legs: Array<readonly [PriceLevel, bigint]> = [];
  for (const level of levels) {
    if (remaining === 0n || beyondLimit(side, level.priceMicros, limit)) break;
    const size = BigInt(level.sizeMicros);
    const take = remaining < size ? remaining : size;
    legs.push([level, take]);
    value += take * BigInt(level.priceMicros);
    remaining -= take;
  }
  return { complete: remaining === 0n, legs, shares: BigInt(wanted) - remaining, exactValue: value };
}

function walkByAmount(levels: readonly PriceLevel[], amountMicros: number, limit: number | undefined): Walk {
  let remaining = BigInt(amountMicros);
  let shares = 0n;
  let value = 0n;
  const legs: Array<readonly [PriceLevel, bigint]> = [];
  for (const level of levels) {
    if (beyondLimit('BUY', level.priceMicros, limit)) break;
    const price = BigInt(level.priceMicros);
    const size = BigInt(level.sizeMicros);
    const levelCost = divRound(size * price, MICROS, 'ceil');
    if (remaining >= levelCost) {
      legs.push([level, size]);
      shares += size;
      value += size * price;
      remaining -= levelCost;
      if (remaining === 0n) return { complete: true, legs, shares, exactValue: value };
      continue;
    }
    // Partial level: as many share-micros as the remainder pays for at this price; the rest is dust.
    const take = (remaining * MICROS) / price;
    if (take > 0n) {
      legs.push([level, take]);
      shares += take;
      value += take * price;
    }
    return { complete: true, legs, shares, exactValue: value };
  }
  return { complete: false, legs, shares, exactValue: value };
}

function legNotional(side: Side, sharesMicros: bigint, priceMicros: number): number {
  return toSafeNumber(divRound(sharesMicros * BigInt(priceMicros), MICROS, side === 'BUY' ? 'ceil' : 'floor'));
}
