/**
 * The sell plan of "close all positions" (issue 20, Emergency): one holding, one book → what to sell
 * at market, walking the bids.
 *
 * Guarantees
 * - Pure, integers only; the sale is priced exactly as the paper engine prices a SELL on the V2
 *   venue (`fillOrKillOnVenue`: shares cut to 2 decimals, collateral floored to the tick's amount
 *   decimals against the seller, fees per leg), so a paper liquidation is one the exchange would settle.
 * - FOK when the visible bids cover the holding: everything sellable is sold. FAK otherwise: the
 *   plan sells what the book takes (the visible depth, cut to 2 decimals) and reports the rest as
 *   remaining — never more than is there, so a FOK order of exactly the planned size fills on that book.
 * - The order's limit price is the worst bid the walk touches: a live FOK at that limit takes the
 *   same levels and no worse.
 * - Nothing to sell (no bids, a size below the minimum order size, dust under 0.01 share) is a value
 *   with a stable code, never an exception.
 *
 * Known limitations
 * - The book is a snapshot: a live order may meet a thinner book and be refused (recorded as such).
 * - Dust below 0.01 share cannot be sold on the venue and stays as remaining shares.
 */
import type { OrderBook } from '../book/types.ts';
import type { FeeModel } from '../fees/fee-model.ts';
import { formatMicros } from '../money/decimal.ts';
import type { FokFill } from './types.ts';
import { CENT_MICROS, fillOrKillOnVenue } from './venue-precision.ts';

export interface LiquidationHolding {
  readonly tokenId: string;
  readonly sharesMicros: number;
}

export type LiquidationSkipCode = 'dust_only' | 'empty_book' | 'below_min_order_size' | 'book_too_thin' | 'unfillable';

export type LiquidationSale =
  | {
      /** `full`: every sellable share; `partial`: the book took less than the holding. */
      readonly kind: 'full' | 'partial';
      /** FOK when the book covers the holding; FAK (fill what is there, cancel the rest) otherwise. */
      readonly timeInForce: 'FOK' | 'FAK';
      readonly sharesMicros: number;
      readonly limitPriceMicros: number;
      readonly fill: FokFill;
      /** Shares left after the sale (a partial sale's unsold shares, or dust under 0.01 share). */
      readonly remainingSharesMicros: number;
    }
  | { readonly kind: 'none'; readonly code: LiquidationSkipCode; readonly reason: string; readonly remainingSharesMicros: number };

const floorToCent = (v: number) => Math.floor(v / CENT_MICROS) * CENT_MICROS;

export function liquidationSale(holding: LiquidationHolding, book: OrderBook, options: { readonly feeModel: FeeModel }): LiquidationSale {
  const held = holding.sharesMicros;
  const none = (code: LiquidationSkipCode, reason: string): LiquidationSale => ({ kind: 'none', code, reason, remainingSharesMicros: held });
  const sellable = floorToCent(held);
  if (sellable <= 0) return none('dust_only', `${formatMicros(held)} shares is below the venue's 0.01-share precision and cannot be sold`);
  if (sellable < book.minOrderSizeMicros) return none('below_min_order_size', `${formatMicros(sellable)} shares is below the market's minimum order size of ${formatMicros(book.minOrderSizeMicros)}`);
  const depth = floorToCent(book.bids.reduce((s, l) => s + l.sizeMicros, 0));
  if (book.bids.length === 0 || depth === 0) return none('empty_book', 'the book has no bids to sell into');
  const target = Math.min(sellable, depth);
  if (target < book.minOrderSizeMicros) return none('book_too_thin', `the bids hold ${formatMicros(depth)} shares, below the market's minimum order size of ${formatMicros(book.minOrderSizeMicros)}`);
  const fill = fillOrKillOnVenue(book, { side: 'SELL', by: 'shares', sharesMicros: target }, { feeModel: options.feeModel });
  if (!fill.ok) return none(fill.error.code === 'below_min_order_size' ? 'below_min_order_size' : 'unfillable', fill.error.reason);
  const full = target === sellable;
  return {
    kind: full ? 'full' : 'partial',
    timeInForce: full ? 'FOK' : 'FAK',
    sharesMicros: fill.value.sharesMicros,
    limitPriceMicros: fill.value.worstPriceMicros,
    fill: fill.value,
    remainingSharesMicros: held - fill.value.sharesMicros,
  };
}
