/**
 * Fills become trades: each maker fill of a taker order moves both parties' collateral and shares (each
 * at its own token's price), charges the taker fee, updates the maker order, and records one trade.
 *
 * Guarantees
 * - Same token (BUY against SELL): a plain swap, the maker receives (or pays) exactly what the taker pays
 *   (or receives). Complementary tokens: two BUYs mint a pair, two SELLs merge one, each side at its price.
 * - A trade whose settlement fails is undone exactly (`revertTrade`), fee included.
 */
import { randomUUID } from 'node:crypto';
import type { SimMarket } from '../markets/types.ts';
import { matchOrder } from '../matching/engine.ts';
import { feeModelFor } from '../matching/fee.ts';
import type { OrderBook } from '../matching/order-book.ts';
import type { Fill, IncomingOrder, Side, TimeInForce } from '../matching/types.ts';
import { formatMicros, MICROS } from '../wire/decimal.ts';
import type { ApiKeyRecord } from './api-keys.ts';
import { bookChanged, nowMs, type ExchangeCore } from './core.ts';
import { applyLeg, type FillLeg } from './funds.ts';
import type { SimOrder, SimTrade } from './types.ts';

export interface OrderResponseWire {
  success: boolean;
  errorMsg: string;
  orderID: string;
  status: string;
  makingAmount: string;
  takingAmount: string;
  transactionsHashes: string[];
  tradeIDs: string[];
}

export type PlaceOutcome = { readonly ok: true; readonly response: OrderResponseWire } | { readonly ok: false; readonly status: number; readonly error: string };

/** An order that passed intake, ready to match. */
export interface AcceptedOrder {
  readonly key: ApiKeyRecord;
  readonly market: SimMarket;
  readonly book: OrderBook;
  /** The order in its book's terms (mirrored for a two-outcome market's second token). */
  readonly incoming: IncomingOrder;
  readonly id: string;
  readonly tokenId: string;
  readonly side: Side;
  readonly priceMicros: number;
  readonly sizeMicros: number;
  readonly orderType: TimeInForce;
  readonly createdAtSecs: number;
  readonly expirationSecs: number;
  /** Lower-case exchange address whose allowance the order uses. */
  readonly spender: string;
}

const fail = (status: number, error: string): PlaceOutcome => ({ ok: false, status, error });

/** Match an accepted order, record and settle its fills, rest what remains, and build the response. */
export async function executeOrder(core: ExchangeCore, accepted: AcceptedOrder): Promise<PlaceOutcome> {
  const { key, market, book, incoming, id, side, tokenId } = accepted;
  const result = matchOrder(book, incoming, feeModelFor(market.fee));
  if (!result.ok) {
    if (result.reason === 'post_only_crosses') return fail(400, 'invalid post-only order: order crosses book');
    if (result.reason === 'fok_not_filled') return fail(400, "order couldn't be fully filled. FOK orders are fully filled or killed.");
    return fail(400, 'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.');
  }

  const simOrder: SimOrder = {
    id,
    ownerKey: key.key,
    ownerAddress: key.address,
    makerAddress: incoming.makerAddress,
    market,
    tokenId,
    outcome: market.tokens.find((t) => t.tokenId === tokenId)?.outcome ?? '',
    side,
    priceMicros: accepted.priceMicros,
    // A market BUY's price improvement can buy more than its signed minimum of shares.
    originalSizeMicros: Math.max(accepted.sizeMicros, result.filledMicros),
    sizeMatchedMicros: result.filledMicros,
    status: result.rested ? 'LIVE' : result.filledMicros > 0 ? 'MATCHED' : 'CANCELED',
    orderType: accepted.orderType,
    createdAtSecs: accepted.createdAtSecs,
    expirationSecs: accepted.expirationSecs,
    associateTrades: [],
    spender: accepted.spender,
  };
  core.store.add(simOrder);
  for (const cancelled of result.selfTradeCancelled) {
    const own = core.store.order(cancelled.orderId);
    if (own) {
      own.status = 'CANCELED';
      core.store.untrackLive(own);
      core.events.onOrder?.(own, 'CANCELLATION');
    }
  }
  const trades = result.fills.map((fill) => recordFill(core, simOrder, fill));
  for (const trade of trades) trade.transactionHash = await core.settler.submit(trade);
  for (const trade of trades) core.events.onTrade?.(trade);
  core.events.onOrder?.(simOrder, 'PLACEMENT');
  if (result.fills.length > 0 || result.rested || result.selfTradeCancelled.length > 0) bookChanged(core, tokenId);

  const collateral = result.fills.reduce((sum, f) => sum + f.collateralMicros, 0);
  const matched = result.filledMicros > 0;
  return {
    ok: true,
    response: {
      success: true,
      errorMsg: '',
      orderID: id,
      status: matched ? 'matched' : 'live',
      makingAmount: matched ? formatMicros(side === 'BUY' ? collateral : result.filledMicros) : '',
      takingAmount: matched ? formatMicros(side === 'BUY' ? result.filledMicros : collateral) : '',
      transactionsHashes: trades.map((t) => t.transactionHash),
      tradeIDs: trades.map((t) => t.id),
    },
  };
}

function legs(taker: SimOrder, maker: SimOrder, sizeMicros: number, takerCollateral: number, makerCollateral: number, feeMicros: number): FillLeg[] {
  return [
    { address: taker.makerAddress, tokenId: taker.tokenId, side: taker.side, sizeMicros, collateralMicros: takerCollateral, feeMicros },
    { address: maker.makerAddress, tokenId: maker.tokenId, side: maker.side, sizeMicros, collateralMicros: makerCollateral, feeMicros: 0 },
  ];
}

/** Apply one maker fill of `taker` and record its trade (not yet submitted to settlement). */
export function recordFill(core: ExchangeCore, taker: SimOrder, fill: Fill): SimTrade {
  const makerOrder = core.store.order(fill.makerOrderId) as SimOrder;
  // Each party trades its own token at its own price (mirrored orders: 1 − the book price).
  const takerPrice = core.registry.isMirrored(taker.tokenId) ? MICROS - fill.priceMicros : fill.priceMicros;
  const makerCollateral =
    makerOrder.tokenId === taker.tokenId ? fill.collateralMicros : Number((BigInt(fill.sizeMicros) * BigInt(makerOrder.priceMicros)) / BigInt(MICROS));
  for (const leg of legs(taker, makerOrder, fill.sizeMicros, fill.collateralMicros, makerCollateral, fill.takerFeeMicros)) applyLeg(core.wallets, leg);
  core.fees.collectedMicros += fill.takerFeeMicros;

  core.store.addMatched(makerOrder, fill.sizeMicros);
  if (makerOrder.sizeMatchedMicros >= makerOrder.originalSizeMicros) {
    makerOrder.status = 'MATCHED';
    core.store.untrackLive(makerOrder);
  }
  const id = randomUUID();
  const trade: SimTrade = {
    id,
    takerOrderId: taker.id,
    takerOwnerKey: taker.ownerKey,
    takerOwnerAddress: taker.ownerAddress,
    takerMakerAddress: taker.makerAddress,
    market: taker.market,
    tokenId: taker.tokenId,
    outcome: taker.outcome,
    side: taker.side,
    sizeMicros: fill.sizeMicros,
    priceMicros: takerPrice,
    collateralMicros: fill.collateralMicros,
    takerFeeMicros: fill.takerFeeMicros,
    feeRateBps: Math.round(taker.market.fee.ratePpm / 100),
    matchTimeMs: nowMs(core),
    transactionHash: '',
    settlementFails: core.settlementFails(),
    makers: [
      {
        orderId: makerOrder.id,
        ownerKey: makerOrder.ownerKey,
        ownerAddress: makerOrder.ownerAddress,
        makerAddress: makerOrder.makerAddress,
        matchedMicros: fill.sizeMicros,
        priceMicros: makerOrder.priceMicros,
        collateralMicros: makerCollateral,
        side: makerOrder.side,
        outcome: makerOrder.outcome,
        tokenId: makerOrder.tokenId,
      },
    ],
  };
  if (trade.settlementFails) core.failingTrades.add(id);
  taker.associateTrades.push(id);
  makerOrder.associateTrades.push(id);
  core.store.addTrade(trade);
  core.store.setLastTrade(taker.tokenId, takerPrice, taker.side);
  const complement = taker.market.tokens.length === 2 ? taker.market.tokens.find((t) => t.tokenId !== taker.tokenId) : undefined;
  if (complement) core.store.setLastTrade(complement.tokenId, MICROS - takerPrice, taker.side === 'BUY' ? 'SELL' : 'BUY');
  core.events.onOrder?.(makerOrder, 'UPDATE');
  return trade;
}

/** A failed settlement never moved anything on chain: undo the fill's transfers and the fee. */
export function revertTrade(core: ExchangeCore, trade: SimTrade): void {
  const maker = trade.makers[0];
  if (!maker) return;
  const undo: FillLeg[] = [
    { address: trade.takerMakerAddress, tokenId: trade.tokenId, side: trade.side, sizeMicros: trade.sizeMicros, collateralMicros: trade.collateralMicros, feeMicros: trade.takerFeeMicros },
    { address: maker.makerAddress, tokenId: maker.tokenId, side: maker.side, sizeMicros: maker.matchedMicros, collateralMicros: maker.collateralMicros, feeMicros: 0 },
  ];
  for (const leg of undo) applyLeg(core.wallets, leg, -1);
  core.fees.collectedMicros -= trade.takerFeeMicros;
}
