/**
 * The matching engine: pure (no I/O, no clock), one token's book at a time.
 *
 * Guarantees
 * - Price-time priority: the incoming order fills against the best price first, oldest first within it.
 * - Fills happen at the resting (maker) order's price; the taker never pays more (BUY) or receives less
 *   (SELL) than its signed limit ratio.
 * - FOK fills completely or changes nothing; FAK fills what crosses and cancels the rest (a FAK that
 *   crosses nothing is rejected); GTC/GTD rest their remainder; postOnly is rejected, unchanged, if it
 *   would cross.
 * - Market BUYs with a `budgetMicros` spend that much collateral (FOK: all of it, to within the last
 *   micro-share) and receive every share it buys at the resting prices; other orders fill a share count.
 * - Self-trade prevention: an incoming order never trades with a resting order of the same maker;
 *   such resting orders are cancelled when reached (cancel-resting), and are not counted as FOK depth.
 * - The taker fee is computed per fill at match time from the injected fee model.
 *
 * - Two-outcome markets share one book in the first outcome's terms: an order on the other outcome sits
 *   mirrored (opposite side at 1 − p), so a BUY crosses a BUY of the complement when p + q ≥ 1 (MINT)
 *   and a SELL a SELL when p + q ≤ 1 (MERGE). The caller mirrors; the engine only needs `mirrored` for a
 *   budget order's own price.
 *
 * Known limitations: collateral per fill is floored to a base unit (rounded up for budget fills).
 */
import type { OrderBook } from './order-book.ts';
import type { Fill, IncomingOrder, MatchResult, RestingOrder, TakerFee } from './types.ts';

const MICROS = 1_000_000n;

/** Does a resting order at `priceMicros` satisfy the incoming order's limit? */
export function crosses(incoming: IncomingOrder, priceMicros: number): boolean {
  const lhs = BigInt(priceMicros) * incoming.limit.sharesMicros;
  const rhs = incoming.limit.collateralMicros * MICROS;
  return incoming.side === 'BUY' ? lhs <= rhs : lhs >= rhs;
}

/** Collateral for a fill, floored; budget (market BUY) fills round up, which never exceeds the budget
 * because their share count was floored from it. */
const collateralOf = (sizeMicros: number, priceMicros: number, roundUp = false): number => {
  const product = BigInt(sizeMicros) * BigInt(priceMicros);
  return Number(roundUp ? (product + MICROS - 1n) / MICROS : product / MICROS);
};

/** The incoming order's own price per share at a book price. */
const ownPrice = (incoming: IncomingOrder, bookPriceMicros: number): number => (incoming.mirrored ? Number(MICROS) - bookPriceMicros : bookPriceMicros);

/** What the crossing, non-self side of the book can absorb: shares, or collateral for budget orders. */
function fillableDepth(book: OrderBook, incoming: IncomingOrder): number {
  const wanted = incoming.budgetMicros ?? incoming.sizeMicros;
  let depth = 0;
  for (const resting of book.side(incoming.side === 'BUY' ? 'SELL' : 'BUY')) {
    if (!crosses(incoming, resting.priceMicros)) break;
    if (resting.makerAddress !== incoming.makerAddress) {
      depth += incoming.budgetMicros === undefined ? resting.remainingMicros : collateralOf(resting.remainingMicros, ownPrice(incoming, resting.priceMicros));
    }
    if (depth >= wanted) break;
  }
  return depth;
}

/** Shares a budget buys at a price: the most micro-shares whose cost does not exceed it. */
function sharesFor(budgetMicros: number, priceMicros: number): number {
  return Number((BigInt(budgetMicros) * MICROS) / BigInt(priceMicros));
}

export function matchOrder(book: OrderBook, incoming: IncomingOrder, takerFee: TakerFee): MatchResult {
  const contra = incoming.side === 'BUY' ? 'SELL' : 'BUY';
  const opposite = book.side(contra);
  const head = opposite[0];
  const wouldCross = head !== undefined && crosses(incoming, head.priceMicros);

  if (incoming.postOnly && wouldCross) return { ok: false, reason: 'post_only_crosses' };
  if (incoming.timeInForce === 'FOK' && fillableDepth(book, incoming) < (incoming.budgetMicros ?? incoming.sizeMicros)) {
    return { ok: false, reason: 'fok_not_filled' };
  }
  if (incoming.timeInForce === 'FAK' && fillableDepth(book, incoming) === 0) return { ok: false, reason: 'fak_no_match' };

  const fills: Fill[] = [];
  const selfTradeCancelled: RestingOrder[] = [];
  const budget = incoming.budgetMicros;
  let remaining = budget ?? incoming.sizeMicros;
  let filledShares = 0;
  while (remaining > 0) {
    const resting = opposite[0];
    if (!resting || !crosses(incoming, resting.priceMicros)) break;
    if (resting.makerAddress === incoming.makerAddress) {
      book.remove(resting.orderId);
      selfTradeCancelled.push(resting);
      continue;
    }
    const price = ownPrice(incoming, resting.priceMicros);
    const size = Math.min(budget === undefined ? remaining : sharesFor(remaining, price), resting.remainingMicros);
    if (size === 0) break;
    const collateral = collateralOf(size, price, budget !== undefined);
    fills.push({
      makerOrderId: resting.orderId,
      makerAddress: resting.makerAddress,
      priceMicros: resting.priceMicros,
      sizeMicros: size,
      collateralMicros: collateral,
      takerFeeMicros: takerFee(size, price),
    });
    remaining -= budget === undefined ? size : collateral;
    filledShares += size;
    resting.remainingMicros -= size;
    if (resting.remainingMicros === 0) book.shiftFilled(contra);
  }

  const filledMicros = filledShares;
  let rested: RestingOrder | undefined;
  let cancelledMicros = 0;
  if (budget !== undefined) {
    cancelledMicros = remaining;
  } else if (remaining > 0) {
    if (incoming.timeInForce === 'GTC' || incoming.timeInForce === 'GTD') {
      rested = {
        orderId: incoming.orderId,
        makerAddress: incoming.makerAddress,
        side: incoming.side,
        priceMicros: incoming.restingPriceMicros,
        remainingMicros: remaining,
        seq: book.nextSeq(),
      };
      book.add(rested);
    } else {
      cancelledMicros = remaining;
    }
  }
  return { ok: true, fills, filledMicros, rested, cancelledMicros, selfTradeCancelled };
}
