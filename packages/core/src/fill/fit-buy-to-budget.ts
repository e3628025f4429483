/**
 * Sizes a market BUY so that its amount plus the fee the bot's fee model charges fits a budget (the
 * balance, the per-trade cap, the room left under the per-market cap): the official client's
 * `adjustBuyAmountForFees` gives the first estimate, then the venue-rounded fill-or-kill walk checks
 * it against the real book and trims any overshoot (a few cents at most) until it fits.
 *
 * Guarantees: the returned amount is on the venue's 2-decimal grid, never above the wanted amount,
 * and — when the book can fill it — amount + fee ≤ budget. It may come back below the $1 / minimum
 * order size: the caller decides whether such a buy is worth placing.
 */
import { adjustBuyAmountForFees } from '../fees/adjust-buy-amount.ts';
import type { FeeModel } from '../fees/fee-model.ts';
import { FlatFeeModel } from '../fees/flat-fee-model.ts';
import { PolymarketFeeModel } from '../fees/polymarket-fee-model.ts';
import { ZERO_FEE_SCHEDULE } from '../fees/polymarket-fee.ts';
import type { OrderBook } from '../book/types.ts';
import { CENT_MICROS, fillOrKillOnVenue } from './venue-precision.ts';

export interface BuyBudget {
  readonly book: OrderBook;
  readonly amountMicros: number;
  readonly limitPriceMicros?: number | undefined;
  /** What amount + fee may use, micros. */
  readonly budgetMicros: number;
  readonly feeModel: FeeModel;
}

const MAX_TRIMS = 8;

function adjusted(b: BuyBudget, wanted: number): number {
  const best = b.book.asks[0];
  if (best === undefined || b.budgetMicros <= 0) return 0;
  const flat = b.feeModel instanceof FlatFeeModel ? b.feeModel.takerFeeBps : 0;
  const schedule = b.feeModel instanceof PolymarketFeeModel ? b.feeModel.schedule : ZERO_FEE_SCHEDULE;
  // The flat model is a fee on notional, exactly the client's builder taker fee term.
  return adjustBuyAmountForFees({ amountMicros: wanted, priceMicros: best.priceMicros, balanceMicros: b.budgetMicros, schedule, builderTakerFeeBps: flat });
}

export function fitBuyToBudget(b: BuyBudget): number {
  const wanted = Math.max(0, Math.min(b.amountMicros, b.budgetMicros));
  let amount = Math.floor(adjusted(b, wanted) / CENT_MICROS) * CENT_MICROS;
  for (let i = 0; i < MAX_TRIMS && amount > 0; i++) {
    const request = b.limitPriceMicros === undefined
      ? { side: 'BUY' as const, by: 'amount' as const, amountMicros: amount }
      : { side: 'BUY' as const, by: 'amount' as const, amountMicros: amount, limitPriceMicros: b.limitPriceMicros };
    const sim = fillOrKillOnVenue(b.book, request, { feeModel: b.feeModel, minOrderSizeMicros: 0 });
    if (!sim.ok) return amount;
    const over = -sim.value.cashDeltaMicros - b.budgetMicros;
    if (over <= 0) return amount;
    amount = Math.floor((amount - Math.max(over, 1)) / CENT_MICROS) * CENT_MICROS;
  }
  return Math.max(amount, 0);
}
