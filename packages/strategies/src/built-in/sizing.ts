/**
 * Turns a signal into an order a fill-or-kill can take and the bot's guards will pass.
 * - Buys: bounded by the order size, the ask depth inside the limit, the strategy's position cap and
 *   the bot's market-impact limit; then fitted so amount + fee stays within the balance, the
 *   per-trade cap and the room under the per-market cap (fee-aware, see `fee-fit.ts`).
 * - Sells (exits): bounded by the position, the strategy's sell cap, the bid depth inside the limit
 *   and the market-impact limit — never by the per-trade or per-market caps, which do not apply to
 *   exits. A position larger than one sell may take is sold in chunks over ticks, each leaving
 *   either nothing or at least the minimum order size so the last chunk can still be sold.
 * Sizes are on the venue's grid (2 decimals); anything below the market's minimum order size (or a
 * $1 marketable buy) is a hold. Depth is summed per level rounded down.
 */
import { CENT_MICROS, DEFAULT_MAX_MARKET_IMPACT_BPS, MIN_MARKETABLE_BUY_MICROS, mulDiv } from '@polymancer/core';
import { askCollateralWithin, bestAsk, bidSharesWithin, ONE_DOLLAR_MICROS, sharesFor } from '../book-math.ts';
import type { HoldCode } from '../decision.ts';
import { buyBudget, fitBuyAmount } from '../fee-fit.ts';
import type { BookLevel, StrategyInput, TokenView } from '../input.ts';

export type Sized<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: HoldCode; readonly reason: string };

const no = (code: HoldCode, reason: string): Sized<never> => ({ ok: false, code, reason });
const toCents = (micros: number) => Math.floor(micros / CENT_MICROS) * CENT_MICROS;
const visible = (levels: readonly BookLevel[]) => levels.reduce((sum, l) => sum + (l.sizeMicros > 0 ? l.sizeMicros : 0), 0);

/** Shares one order may take on a side under the bot's market-impact limit (none without limits). */
function impactCapShares(input: Pick<StrategyInput, 'limits'>, levels: readonly BookLevel[]): number | undefined {
  if (input.limits === undefined) return undefined;
  const bps = input.limits.maxMarketImpactBps ?? DEFAULT_MAX_MARKET_IMPACT_BPS;
  return mulDiv(visible(levels), bps, 10_000, 'floor');
}

export type SizingInput = Pick<StrategyInput, 'market' | 'balanceMicros' | 'limits' | 'fees' | 'marketCostBasisMicros'>;

export interface BuySizing {
  readonly orderAmountMicros: number;
  readonly maxPositionSharesMicros?: number | undefined;
}

export function sizeBuy(input: SizingInput, token: TokenView, limitPriceMicros: number, sizing: BuySizing): Sized<{ amountMicros: number }> {
  const { market, balanceMicros } = input;
  if (balanceMicros <= 0) return no('insufficient_balance', `no balance left to buy ${token.outcome}`);
  const ask = bestAsk(token.book);
  if (ask === undefined || ask.priceMicros > limitPriceMicros) return no('insufficient_depth', `no ask for ${token.outcome} at or below the limit`);
  let amountMicros = Math.min(sizing.orderAmountMicros, askCollateralWithin(token.book, limitPriceMicros));
  if (sizing.maxPositionSharesMicros !== undefined) {
    const roomShares = sizing.maxPositionSharesMicros - token.position.sharesMicros;
    if (roomShares <= 0) return no('position_limit', `position in ${token.outcome} is at its cap`);
    amountMicros = Math.min(amountMicros, mulDiv(roomShares, ask.priceMicros, ONE_DOLLAR_MICROS, 'floor'));
  }
  const impactShares = impactCapShares(input, token.book.asks);
  // Shares bought never exceed amount / best ask, so this amount keeps the impact within the cap.
  if (impactShares !== undefined) amountMicros = Math.min(amountMicros, mulDiv(impactShares, ask.priceMicros, ONE_DOLLAR_MICROS, 'floor'));
  const budget = buyBudget(input);
  if (!budget.ok) return no('position_limit', `${token.outcome}: ${budget.reason}`);
  amountMicros = fitBuyAmount(market, token, input.fees, toCents(amountMicros), limitPriceMicros, budget.budgetMicros);
  // At the limit price the amount buys the fewest shares: that is the size the minimum must cover.
  if (amountMicros < MIN_MARKETABLE_BUY_MICROS || sharesFor(amountMicros, limitPriceMicros) < market.minOrderSizeMicros) {
    const why = budget.budgetMicros < sizing.orderAmountMicros ? 'insufficient_balance' : 'below_min_order_size';
    return no(why, `a buy of ${token.outcome} that fits the balance, limits and fees would be below the minimum order size`);
  }
  return { ok: true, value: { amountMicros } };
}

export interface SellSizing {
  readonly maxSellSharesMicros?: number | undefined;
}

export function sizeSell(input: SizingInput, token: TokenView, limitPriceMicros: number, sizing: SellSizing): Sized<{ sharesMicros: number }> {
  const { market } = input;
  const held = token.position.sharesMicros;
  if (held <= 0) return no('no_position', `no ${token.outcome} shares to sell`);
  let sharesMicros = Math.min(held, bidSharesWithin(token.book, limitPriceMicros));
  if (sizing.maxSellSharesMicros !== undefined) sharesMicros = Math.min(sharesMicros, sizing.maxSellSharesMicros);
  const impactShares = impactCapShares(input, token.book.bids);
  if (impactShares !== undefined) sharesMicros = Math.min(sharesMicros, impactShares);
  sharesMicros = toCents(sharesMicros);
  // A chunk that would leave less than the minimum behind leaves exactly the minimum instead.
  const left = toCents(held) - sharesMicros;
  if (left > 0 && left < market.minOrderSizeMicros) sharesMicros = toCents(held) - market.minOrderSizeMicros;
  if (sharesMicros <= 0 && toCents(held) < market.minOrderSizeMicros) {
    return no('below_min_order_size', `the ${token.outcome} position is below the minimum order size`);
  }
  if (sharesMicros <= 0) return no('insufficient_depth', `no bid for ${token.outcome} at or above the limit`);
  if (sharesMicros < market.minOrderSizeMicros) return no('below_min_order_size', `a sell of ${token.outcome} would be below the minimum order size`);
  return { ok: true, value: { sharesMicros } };
}
