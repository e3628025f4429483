/**
 * Turns a signal into an order a fill-or-kill can take: buys are bounded by the order size, the
 * balance, the position cap and the ask depth inside the limit; sells by the position, the sell cap
 * and the bid depth inside the limit. Anything below the market's minimum order size is a hold.
 * Depth is summed per level rounded down, so a sized order never asks for more than is visible.
 */
import { mulDiv } from '@polymancer/core';
import { askCollateralWithin, bestAsk, bidSharesWithin, ONE_DOLLAR_MICROS, sharesFor } from '../book-math.ts';
import type { HoldCode } from '../decision.ts';
import type { StrategyMarket, TokenView } from '../input.ts';

export type Sized<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: HoldCode; readonly reason: string };

const no = (code: HoldCode, reason: string): Sized<never> => ({ ok: false, code, reason });

export interface BuySizing {
  readonly orderAmountMicros: number;
  readonly maxPositionSharesMicros?: number | undefined;
}

export function sizeBuy(
  market: StrategyMarket,
  token: TokenView,
  balanceMicros: number,
  limitPriceMicros: number,
  sizing: BuySizing,
): Sized<{ amountMicros: number }> {
  if (balanceMicros <= 0) return no('insufficient_balance', `no balance left to buy ${token.outcome}`);
  const ask = bestAsk(token.book);
  if (ask === undefined || ask.priceMicros > limitPriceMicros) return no('insufficient_depth', `no ask for ${token.outcome} at or below the limit`);
  let amountMicros = Math.min(sizing.orderAmountMicros, balanceMicros, askCollateralWithin(token.book, limitPriceMicros));
  if (sizing.maxPositionSharesMicros !== undefined) {
    const roomShares = sizing.maxPositionSharesMicros - token.position.sharesMicros;
    if (roomShares <= 0) return no('position_limit', `position in ${token.outcome} is at its cap`);
    amountMicros = Math.min(amountMicros, mulDiv(roomShares, ask.priceMicros, ONE_DOLLAR_MICROS, 'floor'));
  }
  // At the limit price the amount buys the fewest shares: that is the size the minimum must cover.
  if (amountMicros <= 0 || sharesFor(amountMicros, limitPriceMicros) < market.minOrderSizeMicros) {
    return no('below_min_order_size', `a buy of ${token.outcome} would be below the minimum order size`);
  }
  return { ok: true, value: { amountMicros } };
}

export interface SellSizing {
  readonly maxSellSharesMicros?: number | undefined;
}

export function sizeSell(market: StrategyMarket, token: TokenView, limitPriceMicros: number, sizing: SellSizing): Sized<{ sharesMicros: number }> {
  if (token.position.sharesMicros <= 0) return no('no_position', `no ${token.outcome} shares to sell`);
  let sharesMicros = Math.min(token.position.sharesMicros, bidSharesWithin(token.book, limitPriceMicros));
  if (sizing.maxSellSharesMicros !== undefined) sharesMicros = Math.min(sharesMicros, sizing.maxSellSharesMicros);
  if (sharesMicros <= 0) return no('insufficient_depth', `no bid for ${token.outcome} at or above the limit`);
  if (sharesMicros < market.minOrderSizeMicros) return no('below_min_order_size', `a sell of ${token.outcome} would be below the minimum order size`);
  return { ok: true, value: { sharesMicros } };
}
