/**
 * Fee-aware buy sizing shared by every strategy (built-in and LLM alike): the amount a buy may
 * spend so that amount + the bot's fee fits its budget — the balance, the per-trade cap and the room
 * left under the per-market cap — through core's `fitBuyToBudget` (the official client's fee
 * adjustment, checked against the book with the venue's rounding).
 */
import { createFeeModel, createOrderBook, type FeeModel, fitBuyToBudget, type OrderBook, ZERO_FEE_SCHEDULE } from '@polymancer/core';
import type { FeeTerms, StrategyInput, StrategyMarket, TokenView } from './input.ts';

export function feeModelOf(fees: FeeTerms | undefined): FeeModel {
  if (fees === undefined) return createFeeModel({ kind: 'flat', feeBps: 0 }, ZERO_FEE_SCHEDULE);
  if (fees.kind === 'flat') return createFeeModel({ kind: 'flat', feeBps: fees.feeBps }, ZERO_FEE_SCHEDULE);
  return createFeeModel({ kind: 'polymarket' }, { rateMicros: fees.rateMicros, exponent: fees.exponent, takerOnly: fees.takerOnly });
}

/** The token's book as core's validated book, or undefined when it is not one (off-tick levels). */
export function orderBookOf(market: StrategyMarket, token: TokenView): OrderBook | undefined {
  const r = createOrderBook({ tokenId: token.tokenId, bids: token.book.bids, asks: token.book.asks, tickSizeMicros: market.tickSizeMicros, minOrderSizeMicros: market.minOrderSizeMicros, timestampMs: 0 });
  return r.ok ? r.value : undefined;
}

export type BuyBudget = { readonly ok: true; readonly budgetMicros: number } | { readonly ok: false; readonly reason: string };

/** What a buy in this market may spend, fee included, under the bot's balance and limits. */
export function buyBudget(input: Pick<StrategyInput, 'balanceMicros' | 'limits' | 'marketCostBasisMicros'>): BuyBudget {
  let budget = input.balanceMicros;
  const maxTrade = input.limits?.maxTradeSizeMicros;
  if (maxTrade !== undefined) budget = Math.min(budget, maxTrade);
  const maxMarket = input.limits?.maxPositionPerMarketMicros;
  if (maxMarket !== undefined) {
    const room = maxMarket - (input.marketCostBasisMicros ?? 0);
    if (room <= 0) return { ok: false, reason: 'the position in this market is at the bot’s per-market maximum' };
    budget = Math.min(budget, room);
  }
  return { ok: true, budgetMicros: budget };
}

/** The largest amount up to `amountMicros` whose cost with fees fits `budgetMicros` on this book. */
export function fitBuyAmount(market: StrategyMarket, token: TokenView, fees: FeeTerms | undefined, amountMicros: number, limitPriceMicros: number, budgetMicros: number): number {
  const book = orderBookOf(market, token);
  if (book === undefined) return Math.min(amountMicros, budgetMicros);
  return fitBuyToBudget({ book, amountMicros, limitPriceMicros, budgetMicros, feeModel: feeModelOf(fees) });
}
