/**
 * Polymarket V2's precision rules for a marketable (FOK) order and its fill
 * (`../shared/polymarket/V2.md` §7), so a paper fill is one the exchange would accept and settle.
 *
 * Guarantees
 * - The order: a BUY's pUSD amount and a SELL's share size carry at most 2 decimals (the client's
 *   `roundDown(amount, 2)`); a marketable BUY spends at least $1 (the exchange's minimum).
 * - The fill: shares carry at most 2 decimals and collateral at most the tick's amount decimals
 *   (0.01 → 4, 0.001 → 5, …), rounded against the taker (fewer shares bought, less pUSD received);
 *   a BUY by amount spends its whole (2-decimal) amount, as a FOK market BUY does on the venue.
 *   The equivalent order (maker and taker amounts from the fill) passes the exchange's precision
 *   check — `apps/clob-sim/test/paper-fill-precision.test.ts` proves it on recorded books.
 * - Integers only; rounding always named.
 *
 * Known limitations
 * - Fees are priced on the walk's legs before the share rounding (at most 0.01 share more than is
 *   kept): the fee can be a few micros higher than the venue's, never lower.
 */
import { divRound, toSafeNumber } from '../money/rounding.ts';
import type { OrderBook } from '../book/types.ts';
import { formatMicros } from '../money/decimal.ts';
import { err, ok, type Result } from '../result.ts';
import { fillOrKill } from './fill-or-kill.ts';
import type { FokFill, FokOptions, FokRejection, FokRequest } from './types.ts';

/** 2 decimals of a 6-decimal base unit: share sizes and market-order maker amounts. */
export const CENT_MICROS = 10_000;
/** The exchange's minimum for a marketable BUY: $1. */
export const MIN_MARKETABLE_BUY_MICROS = 1_000_000;

/** Decimals the exchange allows on an order's collateral side, per tick size (client ROUNDING_CONFIG). */
export const AMOUNT_DECIMALS_BY_TICK: Readonly<Record<number, number>> = {
  100_000: 3,
  10_000: 4,
  5_000: 5,
  2_500: 6,
  1_000: 5,
  100: 6,
};

/** The base-unit step collateral amounts must sit on at this tick (0.01 → 100 micros). */
export function amountStepMicros(tickSizeMicros: number): number {
  const decimals = AMOUNT_DECIMALS_BY_TICK[tickSizeMicros] ?? 6;
  return 10 ** (6 - decimals);
}

const floorTo = (value: number, step: number): number => Math.floor(value / step) * step;

/** The order as the client builds it: a BUY's amount or a SELL's shares cut to 2 decimals. */
export function roundFokRequest(request: FokRequest): FokRequest {
  if (request.by === 'amount') return { ...request, amountMicros: floorTo(request.amountMicros, CENT_MICROS) };
  return { ...request, sharesMicros: floorTo(request.sharesMicros, CENT_MICROS) };
}

/**
 * A simulated fill as the venue would settle it: shares floored to 2 decimals, collateral cut to the
 * tick's amount decimals against the taker, a BUY by amount charged its whole amount. The average
 * price and cash delta are recomputed from the rounded figures.
 */
export function roundFillToVenue(fill: FokFill, request: FokRequest, tickSizeMicros: number): FokFill {
  const step = amountStepMicros(tickSizeMicros);
  const shares = floorTo(fill.sharesMicros, CENT_MICROS);
  let notional: number;
  if (fill.side === 'BUY') {
    notional = request.by === 'amount' ? request.amountMicros : Math.ceil(fill.notionalMicros / step) * step;
  } else {
    notional = floorTo(fill.notionalMicros, step);
  }
  if (shares === 0) return { ...fill, sharesMicros: 0 };
  const value = BigInt(notional) * 1_000_000n;
  const atBest = BigInt(fill.bestPriceMicros) * BigInt(shares);
  const worse = fill.side === 'BUY' ? value - atBest : atBest - value;
  return {
    ...fill,
    sharesMicros: shares,
    notionalMicros: notional,
    averagePriceMicros: toSafeNumber(divRound(value, BigInt(shares), 'half-even')),
    slippageBps: worse <= 0n ? 0 : toSafeNumber(divRound(worse * 10_000n, atBest, 'ceil')),
    cashDeltaMicros: fill.side === 'BUY' ? -(notional + fill.feeMicros) : notional - fill.feeMicros,
  };
}

/**
 * Fill-or-kill as the V2 exchange takes it: the request rounded as the client rounds it, a
 * marketable BUY under $1 refused, the fill rounded as the venue settles it, and a fill that rounds
 * below the minimum order size refused.
 */
export function fillOrKillOnVenue(book: OrderBook, request: FokRequest, options: FokOptions): Result<FokFill, FokRejection> {
  const rounded = roundFokRequest(request);
  if (rounded.by === 'amount' && rounded.amountMicros < MIN_MARKETABLE_BUY_MICROS) {
    return err({
      code: 'below_min_notional',
      reason: `a marketable buy of $${formatMicros(rounded.amountMicros)} is below the exchange minimum of $1`,
      details: { amountMicros: rounded.amountMicros, minNotional: MIN_MARKETABLE_BUY_MICROS },
    });
  }
  const simulated = fillOrKill(book, rounded, options);
  if (!simulated.ok) return simulated;
  const fill = roundFillToVenue(simulated.value, rounded, book.tickSizeMicros);
  const minShares = options.minOrderSizeMicros ?? book.minOrderSizeMicros;
  if (fill.sharesMicros === 0 || fill.sharesMicros < minShares) {
    return err({
      code: 'below_min_order_size',
      reason: `the fill of ${formatMicros(fill.sharesMicros)} shares (2 decimals) is below the minimum order size ${formatMicros(minShares)}`,
      details: { filledSharesMicros: fill.sharesMicros, minShares },
    });
  }
  return ok(fill);
}
