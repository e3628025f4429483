/**
 * The exchange: markets, books, orders, trades, balances, API keys and heartbeats, in memory.
 *
 * Guarantees
 * - An accepted order was V2/V3-signed for the token's exchange and this chain, by the API key's address,
 *   and passed tick, precision, size, expiration, duplicate, balance and allowance checks.
 * - Balances move only on fills: collateral at the maker's price, the taker fee (from the market's fee
 *   schedule at match time) debited from the taker; makers pay none.
 * - Balance and allowance checks count what the maker's open orders already reserve.
 * - Time comes from the injected clock; expiries (GTD, heartbeats) happen in `sweep(now)`, which the HTTP
 *   layer calls before every request, so tests drive them by moving the clock.
 *
 * - A two-outcome market has one book in its first outcome's terms; orders on the second outcome rest
 *   mirrored (opposite side, 1 − p) and every view of that token mirrors back, so both tokens' books
 *   show each other's orders, as on Polymarket, and complementary BUYs mint / SELLs merge when they cross.
 *   Each side of a fill pays or receives at its own token's price.
 *
 * Known limitations: markets with more than two tokens keep one book per token; a marketable limit BUY
 * buys its signed share count (price improvement lowers its cost); only market BUYs spend their amount.
 */
import { createHash, randomUUID } from 'node:crypto';
import { keccak256, toHex, type Address } from 'viem';
import type { Clock } from '@polymancer/core';
import { contractsFor, UNLIMITED_ALLOWANCE, type ExchangeContracts } from '../config.ts';
import { buildMarket, type MarketSpec } from '../markets/seed.ts';
import type { SimMarket } from '../markets/types.ts';
import { crosses, matchOrder } from '../matching/engine.ts';
import { feeModelFor, takerFeeMicros } from '../matching/fee.ts';
import type { OrderBook, PriceLevel } from '../matching/order-book.ts';
import type { Fill, IncomingOrder, Side } from '../matching/types.ts';
import { decodeSubmission } from '../orders/decode.ts';
import { checkOrderTerms } from '../orders/validate.ts';
import type { ReplayBooks } from '../replay/replay-books.ts';
import { replayMarkets } from '../replay/replay-markets.ts';
import { applyLeg, checkFunds, type FillLeg } from './funds.ts';
import { HeartbeatSessions, type BeatResult } from './heartbeats.ts';
import { MarketBooks } from './market-books.ts';
import { exchangeDomain, orderHash, verifyOrderSignature } from '../orders/verify.ts';
import { formatMicros, MICROS, parseDecimalMicros } from '../wire/decimal.ts';
import { ApiKeyStore, type ApiKeyRecord } from './api-keys.ts';
import type { Erc1271Check } from '../chain/erc1271.ts';
import { SyntheticSettlement, type Settlement } from '../settlement/settlement.ts';
import type { SettlementSchedule, SimOrder, SimTrade, TradeStatus } from './types.ts';
import { WalletLedger } from './wallets.ts';

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

export interface CancelResult {
  canceled: string[];
  not_canceled: Record<string, string>;
}

export interface ExchangeEvents {
  onBookChanged?(tokenId: string): void;
  onTrade?(trade: SimTrade): void;
  onOrder?(order: SimOrder, kind: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'): void;
  onTickSizeChanged?(tokenId: string, oldTickMicros: number, newTickMicros: number): void;
  onMarketCreated?(market: SimMarket): void;
  onMarketResolved?(market: SimMarket): void;
}

export interface ExchangeOptions {
  readonly chainId: number;
  readonly clock: Clock;
  readonly serverSecret: string;
  readonly settlement: SettlementSchedule;
  readonly heartbeatTimeoutMs: number;
  /** Defaults to synthetic settlement on `settlement`'s schedule. */
  readonly settler?: Settlement;
  /** On-chain EIP-1271 check for deposit wallets the admin registry does not know (chain attached). */
  readonly erc1271?: Erc1271Check;
}

export interface TokenBookView {
  levels(side: Side): PriceLevel[];
  bestPrice(side: Side): number | undefined;
  /** Resting orders in the (possibly shared) book. */
  readonly size: number;
}

/** The simulator's own liquidity provider (quotes seeded around each market's fair value). */
export const MARKET_MAKER_ADDRESS = '0x5151515151515151515151515151515151515151';

const fail = (status: number, error: string): PlaceOutcome => ({ ok: false, status, error });

export class Exchange {
  readonly chainId: number;
  readonly contracts: ExchangeContracts;
  readonly clock: Clock;
  readonly settlement: SettlementSchedule;
  readonly settler: Settlement;
  readonly wallets = new WalletLedger();
  readonly keys: ApiKeyStore;
  readonly #registry = new MarketBooks();
  readonly events: ExchangeEvents = {};
  readonly #orders = new Map<string, SimOrder>();
  /** Lower-case maker address → ids of its live orders. */
  readonly #liveByMaker = new Map<string, Set<string>>();
  readonly trades: SimTrade[] = [];
  readonly #tradesById = new Map<string, SimTrade>();
  readonly #lastTrade = new Map<string, { priceMicros: number; side: Side }>();
  readonly #heartbeats: HeartbeatSessions;
  #collectedFeesMicros = 0;
  /** Fault injection: whether the next trade's settlement fails. */
  settlementFails: () => boolean = () => false;
  readonly #failingTrades = new Set<string>();
  readonly #erc1271: Erc1271Check | undefined;
  /** Recorded books served instead of the live book for replayed tokens (`--replay DIR`). */
  replay: ReplayBooks | undefined;

  constructor(options: ExchangeOptions) {
    this.chainId = options.chainId;
    this.contracts = contractsFor(options.chainId);
    this.clock = options.clock;
    this.settlement = options.settlement;
    this.settler = options.settler ?? new SyntheticSettlement(options.settlement);
    this.#erc1271 = options.erc1271;
    this.keys = new ApiKeyStore(options.serverSecret);
    this.#heartbeats = new HeartbeatSessions(options.heartbeatTimeoutMs);
    const mm = this.wallets.get(MARKET_MAKER_ADDRESS);
    mm.collateralMicros = 1_000_000_000 * MICROS;
  }

  get markets(): readonly SimMarket[] {
    return this.#registry.markets;
  }

  nowMs(): number {
    return this.clock.now().getTime();
  }

  nowSecs(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get collectedFeesMicros(): number {
    return this.#collectedFeesMicros;
  }

  // ----- markets -------------------------------------------------------------------------------

  addMarket(market: SimMarket): SimMarket {
    return this.#registry.add(market);
  }

  isMirrored(tokenId: string): boolean {
    return this.#registry.isMirrored(tokenId);
  }

  /** A token's price levels, best first, in its own terms (mirrored back for the second outcome). */
  levels(tokenId: string, side: Side): PriceLevel[] {
    return this.#registry.levels(tokenId, side);
  }

  /** The book changed: tell listeners once per book (named by the token it is kept in). */
  #bookChanged(tokenId: string): void {
    this.events.onBookChanged?.(this.#registry.bookToken(tokenId));
  }

  createMarket(spec: MarketSpec): SimMarket {
    const market = this.addMarket(buildMarket(spec, `created-${this.markets.length}-${randomUUID()}`, this.nowSecs()));
    this.events.onMarketCreated?.(market);
    return market;
  }

  market(conditionId: string): SimMarket | undefined {
    return this.#registry.market(conditionId);
  }

  marketByToken(tokenId: string): SimMarket | undefined {
    return this.#registry.marketByToken(tokenId);
  }

  /** A token's book in its own terms (the second outcome of a two-outcome market sees the shared book mirrored). */
  book(tokenId: string): TokenBookView | undefined {
    const raw = this.#registry.rawBook(tokenId);
    if (!raw) return undefined;
    return {
      levels: (side) => this.levels(tokenId, side),
      bestPrice: (side) => this.bestPrice(tokenId, side),
      get size() {
        return raw.size;
      },
    };
  }

  lastTrade(tokenId: string): { priceMicros: number; side: Side } | undefined {
    return this.#lastTrade.get(tokenId);
  }

  spenderFor(market: SimMarket): string {
    if (market.exchangeVersion === 3) return this.contracts.exchangeV3.toLowerCase();
    return (market.negRisk ? this.contracts.negRiskExchangeV2 : this.contracts.exchangeV2).toLowerCase();
  }

  /** Read-only markets for the replayed tokens, grouped by their recorded condition id. */
  addReplayMarkets(replay: ReplayBooks): void {
    this.replay = replay;
    for (const market of replayMarkets(replay, (tokenId) => this.#registry.marketByToken(tokenId) !== undefined, this.nowMs())) this.addMarket(market);
  }

  /** Best bid (BUY) or ask (SELL) in micros, from the replayed snapshot or the live book. */
  bestPrice(tokenId: string, side: Side): number | undefined {
    const recorded = this.replay?.at(tokenId, this.nowMs());
    if (recorded) {
      const prices = (side === 'BUY' ? recorded.bids : recorded.asks).map((l) => parseDecimalMicros(l.price) ?? 0);
      if (prices.length === 0) return undefined;
      return side === 'BUY' ? Math.max(...prices) : Math.min(...prices);
    }
    return this.#registry.bestPrice(tokenId, side);
  }

  /** Quotes from the simulator's market maker: `levels` each side around each token's fair value. */
  seedQuotes(market: SimMarket, rng: { int(min: number, max: number): number }, levels = 5, fair: ReadonlyMap<string, number> = market.fairValueMicros): void {
    const tick = market.tickSizeMicros;
    const spreadTicks = Math.max(1, Math.round(10_000 / tick));
    // A two-outcome book mirrors the first outcome's quotes onto the second.
    for (const token of market.tokens.length === 2 ? market.tokens.slice(0, 1) : market.tokens) {
      const center = fair.get(token.tokenId) ?? 500_000;
      if (this.wallets.tokenBalance(MARKET_MAKER_ADDRESS, token.tokenId) < 1_000_000 * MICROS) {
        this.wallets.addTokens(MARKET_MAKER_ADDRESS, token.tokenId, 1_000_000 * MICROS);
      }
      for (let level = 1; level <= levels; level += 1) {
        const bid = center - level * spreadTicks * tick;
        const ask = center + level * spreadTicks * tick;
        if (bid >= tick) this.#restInternal(market, token.tokenId, 'BUY', bid, rng.int(20, 400) * MICROS);
        if (ask <= MICROS - tick) this.#restInternal(market, token.tokenId, 'SELL', ask, rng.int(20, 400) * MICROS);
      }
      this.#bookChanged(token.tokenId);
    }
  }

  /** Replace the market maker's quotes on a market around new fair values. */
  requote(market: SimMarket, rng: { int(min: number, max: number): number }, fair: ReadonlyMap<string, number>, levels = 5): void {
    for (const id of [...(this.#liveByMaker.get(MARKET_MAKER_ADDRESS) ?? [])]) {
      const order = this.#orders.get(id);
      if (order && order.market === market) {
        this.#registry.rawBook(order.tokenId)?.remove(order.id);
        order.status = 'CANCELED';
        this.#untrackLive(order);
        this.#orders.delete(order.id);
      }
    }
    // One book event for the whole re-quote (seedQuotes sends it).
    if (market.acceptingOrders) this.seedQuotes(market, rng, levels, fair);
    else if (market.tokens[0]) this.#bookChanged(market.tokens[0].tokenId);
  }

  /** Work run at the end of every sweep (market-maker agents, scheduled resolution). */
  readonly tickers: (() => void)[] = [];

  #restInternal(market: SimMarket, tokenId: string, side: Side, priceMicros: number, sizeMicros: number): void {
    const book = this.#registry.rawBook(tokenId);
    if (!book) return;
    const id = keccak256(toHex(`mm:${tokenId}:${side}:${priceMicros}:${book.nextSeq()}`));
    const order: SimOrder = {
      id,
      ownerKey: '',
      ownerAddress: MARKET_MAKER_ADDRESS,
      makerAddress: MARKET_MAKER_ADDRESS,
      market,
      tokenId,
      outcome: market.tokens.find((t) => t.tokenId === tokenId)?.outcome ?? '',
      side,
      priceMicros,
      originalSizeMicros: sizeMicros,
      sizeMatchedMicros: 0,
      status: 'LIVE',
      orderType: 'GTC',
      createdAtSecs: this.nowSecs(),
      expirationSecs: 0,
      associateTrades: [],
      spender: this.spenderFor(market),
    };
    this.#orders.set(id, order);
    this.#trackLive(order);
    book.add({ orderId: id, makerAddress: MARKET_MAKER_ADDRESS, side, priceMicros, remainingMicros: sizeMicros, seq: book.nextSeq() });
  }

  /** Polymarket changes a market's tick as its price nears the edges; existing orders keep their prices. */
  changeTickSize(market: SimMarket, tickMicros: number): void {
    const old = market.tickSizeMicros;
    market.tickSizeMicros = tickMicros;
    for (const token of market.tokens) this.events.onTickSizeChanged?.(token.tokenId, old, tickMicros);
  }

  resolveMarket(market: SimMarket, winnerTokenId: string): void {
    market.acceptingOrders = false;
    market.closed = true;
    market.winnerTokenId = winnerTokenId;
    for (const order of this.#orders.values()) {
      if (order.market === market && order.status === 'LIVE') this.#cancel(order);
    }
    this.events.onMarketResolved?.(market);
  }

  /**
   * Redeem a resolved market's positions, as the CTF does on chain: each winning share pays 1 pUSD,
   * losing shares pay nothing. Undefined when the market is not resolved.
   */
  redeem(address: string, market: SimMarket): { redeemedMicros: number } | undefined {
    if (!market.closed || market.winnerTokenId === undefined) return undefined;
    const wallet = this.wallets.get(address);
    let redeemed = 0;
    for (const token of market.tokens) {
      const held = wallet.tokens.get(token.tokenId) ?? 0;
      if (held <= 0) continue;
      wallet.tokens.set(token.tokenId, 0);
      if (token.tokenId === market.winnerTokenId) redeemed += held;
    }
    wallet.collateralMicros += redeemed;
    return { redeemedMicros: redeemed };
  }

  // ----- orders --------------------------------------------------------------------------------

  order(id: string): SimOrder | undefined {
    return this.#orders.get(id);
  }

  ordersOf(ownerAddress: string): SimOrder[] {
    const owner = ownerAddress.toLowerCase();
    return [...this.#orders.values()].filter((o) => o.ownerAddress === owner);
  }

  #trackLive(order: SimOrder): void {
    let set = this.#liveByMaker.get(order.makerAddress);
    if (!set) {
      set = new Set();
      this.#liveByMaker.set(order.makerAddress, set);
    }
    set.add(order.id);
  }

  #untrackLive(order: SimOrder): void {
    this.#liveByMaker.get(order.makerAddress)?.delete(order.id);
  }

  /** Collateral and tokens the maker's live orders hold back. */
  reserved(makerAddress: string): { collateralMicros: number; tokens: Map<string, number> } {
    let collateral = 0;
    const tokens = new Map<string, number>();
    for (const id of this.#liveByMaker.get(makerAddress.toLowerCase()) ?? []) {
      const order = this.#orders.get(id);
      if (!order) continue;
      const remaining = order.originalSizeMicros - order.sizeMatchedMicros;
      if (order.side === 'BUY') collateral += Number((BigInt(remaining) * BigInt(order.priceMicros) + BigInt(MICROS - 1)) / BigInt(MICROS));
      else tokens.set(order.tokenId, (tokens.get(order.tokenId) ?? 0) + remaining);
    }
    return { collateralMicros: collateral, tokens };
  }

  async placeOrder(key: ApiKeyRecord, payload: unknown): Promise<PlaceOutcome> {
    const decoded = decodeSubmission(payload);
    if (!decoded.ok) return decoded.error === 'version_mismatch' ? fail(400, 'order_version_mismatch') : fail(400, 'Invalid order payload');
    const { order, owner, orderType, postOnly } = decoded.value;
    if (owner !== key.key) return fail(400, 'the order owner has to be the owner of the API KEY');
    if (postOnly && (orderType === 'FOK' || orderType === 'FAK')) return fail(400, 'invalid post-only order: only GTC and GTD order types are allowed');
    const market = this.#registry.marketByToken(order.tokenId);
    if (!market) return fail(400, 'Invalid token id');
    // Deposit wallets (type 3) sign as the wallet itself; its registered owner holds the API key.
    const signer = order.signer.toLowerCase();
    // A wallet unknown to the registry is vouched for by its own isValidSignature when a chain is attached.
    const unknownDepositWallet = order.signatureType === 3 && this.wallets.ownerOf(signer) === undefined && this.#erc1271 !== undefined;
    const signerAllowed =
      signer === key.address || (order.signatureType === 3 && this.wallets.ownerOf(signer)?.owner === key.address) || unknownDepositWallet;
    if (!signerAllowed) return fail(400, 'the order signer address has to be the address of the API KEY');

    const version = market.exchangeVersion === 3 ? '3' : '2';
    const domain = exchangeDomain(version, this.chainId, this.spenderAddress(market));
    const id = orderHash(order, domain);
    const signature = await verifyOrderSignature(order, domain, this.wallets, id, this.#erc1271);
    if (signature === 'invalid_signature') return fail(400, 'invalid signature');
    if (signature === 'maker_not_allowed') return fail(400, 'maker address not allowed');
    if (!market.acceptingOrders) return fail(400, 'the market is not yet ready to process new orders');
    if (this.#orders.has(id)) return fail(400, `order ${id} is invalid. Duplicated.`);

    const nowSecs = this.nowSecs();
    const checked = checkOrderTerms(id, order, orderType, market, nowSecs);
    if (!checked.ok) return fail(400, checked.error);
    const terms = checked.value;

    const maker = order.maker.toLowerCase();
    const spender = this.spenderFor(market);
    const book = this.#registry.rawBook(order.tokenId) as OrderBook;
    const reserved = this.reserved(maker);
    const wallet = this.wallets.get(maker);
    const allowance = this.wallets.allowance(maker, spender);
    const isMarketBuy = order.side === 'BUY' && (orderType === 'FOK' || orderType === 'FAK');
    // Orders on the second outcome of a two-outcome market enter its shared book mirrored.
    const mirrored = this.isMirrored(order.tokenId);
    const incoming: IncomingOrder = {
      orderId: id,
      makerAddress: maker,
      side: mirrored ? (order.side === 'BUY' ? 'SELL' : 'BUY') : order.side,
      limit: mirrored ? { collateralMicros: terms.limit.sharesMicros - terms.limit.collateralMicros, sharesMicros: terms.limit.sharesMicros } : terms.limit,
      sizeMicros: terms.sizeMicros,
      ...(isMarketBuy ? { budgetMicros: terms.collateralMicros } : {}),
      ...(mirrored ? { mirrored: true } : {}),
      restingPriceMicros: mirrored ? MICROS - terms.priceMicros : terms.priceMicros,
      timeInForce: orderType,
      postOnly,
    };
    const head = book.side(incoming.side === 'BUY' ? 'SELL' : 'BUY')[0];
    const crossesNow = order.side === 'BUY' && head !== undefined && crosses(incoming, head.priceMicros);
    const headOwnPrice = head === undefined ? MICROS : mirrored ? MICROS - head.priceMicros : head.priceMicros;
    const shortfall = checkFunds(
      order.side === 'BUY'
        ? {
            side: 'BUY',
            needMicros: terms.collateralMicros + (crossesNow ? this.#feeReserve(market, terms.collateralMicros, terms.sizeMicros, headOwnPrice, isMarketBuy) : 0),
            balanceMicros: wallet.collateralMicros,
            reservedMicros: reserved.collateralMicros,
            allowance,
          }
        : {
            side: 'SELL',
            needMicros: terms.sizeMicros,
            balanceMicros: wallet.tokens.get(order.tokenId) ?? 0,
            reservedMicros: reserved.tokens.get(order.tokenId) ?? 0,
            allowance,
          },
    );
    if (shortfall) return fail(400, shortfall);

    const result = matchOrder(book, incoming, feeModelFor(market.fee));
    if (!result.ok) {
      if (result.reason === 'post_only_crosses') return fail(400, 'invalid post-only order: order crosses book');
      if (result.reason === 'fok_not_filled') return fail(400, "order couldn't be fully filled. FOK orders are fully filled or killed.");
      return fail(400, 'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.');
    }

    const outcome = market.tokens.find((t) => t.tokenId === order.tokenId)?.outcome ?? '';
    const simOrder: SimOrder = {
      id,
      ownerKey: key.key,
      ownerAddress: key.address,
      makerAddress: maker,
      market,
      tokenId: order.tokenId,
      outcome,
      side: order.side,
      priceMicros: terms.priceMicros,
      // A market BUY's price improvement can buy more than its signed minimum of shares.
      originalSizeMicros: Math.max(terms.sizeMicros, result.filledMicros),
      sizeMatchedMicros: result.filledMicros,
      status: result.rested ? 'LIVE' : result.filledMicros > 0 ? 'MATCHED' : 'CANCELED',
      orderType,
      createdAtSecs: nowSecs,
      expirationSecs: order.expirationSecs,
      associateTrades: [],
      spender,
    };
    this.#orders.set(id, simOrder);
    if (result.rested) this.#trackLive(simOrder);
    for (const cancelled of result.selfTradeCancelled) {
      const own = this.#orders.get(cancelled.orderId);
      if (own) {
        own.status = 'CANCELED';
        this.#untrackLive(own);
        this.events.onOrder?.(own, 'CANCELLATION');
      }
    }
    const trades = result.fills.map((fill) => this.#settle(simOrder, fill));
    for (const trade of trades) trade.transactionHash = await this.settler.submit(trade);
    for (const trade of trades) this.events.onTrade?.(trade);
    this.events.onOrder?.(simOrder, 'PLACEMENT');
    if (result.fills.length > 0 || result.rested || result.selfTradeCancelled.length > 0) this.#bookChanged(order.tokenId);

    const collateral = result.fills.reduce((sum, f) => sum + f.collateralMicros, 0);
    const matched = result.filledMicros > 0;
    return {
      ok: true,
      response: {
        success: true,
        errorMsg: '',
        orderID: id,
        status: matched ? 'matched' : 'live',
        makingAmount: matched ? formatMicros(order.side === 'BUY' ? collateral : result.filledMicros) : '',
        takingAmount: matched ? formatMicros(order.side === 'BUY' ? result.filledMicros : collateral) : '',
        transactionsHashes: trades.map((t) => t.transactionHash),
        tradeIDs: trades.map((t) => t.id),
      },
    };
  }

  /**
   * An upper bound of the taker fee a crossing BUY can incur: fills happen at prices ≥ the best ask, so a
   * budget buys at most budget / bestAsk shares, and p(1−p) ≤ ¼. The fee charged is the exact one.
   */
  #feeReserve(market: SimMarket, budgetMicros: number, sizeMicros: number, bestAskMicros: number, isMarketBuy: boolean): number {
    const maxShares = isMarketBuy ? Number((BigInt(budgetMicros) * BigInt(MICROS)) / BigInt(bestAskMicros)) : sizeMicros;
    const fee = takerFeeMicros(market.fee, maxShares, 500_000);
    return fee === 0 ? 0 : fee + 10;
  }

  spenderAddress(market: SimMarket): Address {
    if (market.exchangeVersion === 3) return this.contracts.exchangeV3;
    return market.negRisk ? this.contracts.negRiskExchangeV2 : this.contracts.exchangeV2;
  }

  #settle(taker: SimOrder, fill: Fill): SimTrade {
    const makerOrder = this.#orders.get(fill.makerOrderId) as SimOrder;
    // Each party trades its own token at its own price (mirrored orders: 1 − the book price).
    const takerPrice = this.isMirrored(taker.tokenId) ? MICROS - fill.priceMicros : fill.priceMicros;
    // Same token: a plain swap, the maker receives (or pays) exactly what the taker pays (or receives).
    const makerCollateral =
      makerOrder.tokenId === taker.tokenId ? fill.collateralMicros : Number((BigInt(fill.sizeMicros) * BigInt(makerOrder.priceMicros)) / BigInt(MICROS));
    const legs = this.#legs(taker, makerOrder, fill.sizeMicros, fill.collateralMicros, makerCollateral, fill.takerFeeMicros);
    for (const leg of legs) applyLeg(this.wallets, leg);
    this.#collectedFeesMicros += fill.takerFeeMicros;

    makerOrder.sizeMatchedMicros += fill.sizeMicros;
    if (makerOrder.sizeMatchedMicros >= makerOrder.originalSizeMicros) {
      makerOrder.status = 'MATCHED';
      this.#untrackLive(makerOrder);
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
      matchTimeMs: this.nowMs(),
      transactionHash: '',
      settlementFails: this.settlementFails(),
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
    if (trade.settlementFails) this.#failingTrades.add(id);
    taker.associateTrades.push(id);
    makerOrder.associateTrades.push(id);
    this.trades.push(trade);
    this.#tradesById.set(id, trade);
    this.#lastTrade.set(taker.tokenId, { priceMicros: takerPrice, side: taker.side });
    const complement = taker.market.tokens.length === 2 ? taker.market.tokens.find((t) => t.tokenId !== taker.tokenId) : undefined;
    if (complement) this.#lastTrade.set(complement.tokenId, { priceMicros: MICROS - takerPrice, side: taker.side === 'BUY' ? 'SELL' : 'BUY' });
    this.events.onOrder?.(makerOrder, 'UPDATE');
    return trade;
  }

  #legs(taker: SimOrder, maker: SimOrder, sizeMicros: number, takerCollateral: number, makerCollateral: number, feeMicros: number): FillLeg[] {
    return [
      { address: taker.makerAddress, tokenId: taker.tokenId, side: taker.side, sizeMicros, collateralMicros: takerCollateral, feeMicros },
      { address: maker.makerAddress, tokenId: maker.tokenId, side: maker.side, sizeMicros, collateralMicros: makerCollateral, feeMicros: 0 },
    ];
  }

  tradeStatus(trade: SimTrade): TradeStatus {
    return this.settler.status(trade, this.nowMs());
  }

  trade(id: string): SimTrade | undefined {
    return this.#tradesById.get(id);
  }

  #cancel(order: SimOrder): void {
    this.#registry.rawBook(order.tokenId)?.remove(order.id);
    order.status = 'CANCELED';
    this.#untrackLive(order);
    this.events.onOrder?.(order, 'CANCELLATION');
    this.#bookChanged(order.tokenId);
  }

  cancelOrders(ownerAddress: string, ids: readonly string[]): CancelResult {
    const result: CancelResult = { canceled: [], not_canceled: {} };
    for (const id of new Set(ids)) {
      const order = this.#orders.get(id);
      if (!order || order.ownerAddress !== ownerAddress.toLowerCase()) result.not_canceled[id] = 'order not found';
      else if (order.status !== 'LIVE') result.not_canceled[id] = 'already canceled or matched';
      else {
        this.#cancel(order);
        result.canceled.push(id);
      }
    }
    return result;
  }

  cancelWhere(ownerAddress: string, predicate: (order: SimOrder) => boolean): CancelResult {
    const ids = this.ordersOf(ownerAddress)
      .filter((o) => o.status === 'LIVE' && predicate(o))
      .map((o) => o.id);
    return this.cancelOrders(ownerAddress, ids);
  }

  // ----- heartbeats and expiry -----------------------------------------------------------------

  heartbeat(key: ApiKeyRecord, heartbeatId: string | null | undefined): BeatResult {
    return this.#heartbeats.beat(key.key, heartbeatId, this.nowMs());
  }

  /** A failed settlement never moved anything on chain: undo the fill's transfers and the fee. */
  #revert(trade: SimTrade): void {
    const maker = trade.makers[0];
    if (!maker) return;
    const legs: FillLeg[] = [
      { address: trade.takerMakerAddress, tokenId: trade.tokenId, side: trade.side, sizeMicros: trade.sizeMicros, collateralMicros: trade.collateralMicros, feeMicros: trade.takerFeeMicros },
      { address: maker.makerAddress, tokenId: maker.tokenId, side: maker.side, sizeMicros: maker.matchedMicros, collateralMicros: maker.collateralMicros, feeMicros: 0 },
    ];
    for (const leg of legs) applyLeg(this.wallets, leg, -1);
    this.#collectedFeesMicros -= trade.takerFeeMicros;
  }

  /** Expire GTD orders, cancel the orders of API keys whose heartbeats stopped, revert failed settlements. */
  sweep(): void {
    const nowMs = this.nowMs();
    for (const id of this.#failingTrades) {
      const trade = this.#tradesById.get(id);
      if (trade && this.settler.status(trade, nowMs) === 'FAILED') {
        this.#revert(trade);
        this.#failingTrades.delete(id);
      }
    }
    const nowSecs = Math.floor(nowMs / 1000);
    for (const key of this.#heartbeats.expire(nowMs)) {
      for (const order of this.#orders.values()) {
        if (order.ownerKey === key && order.status === 'LIVE') this.#cancel(order);
      }
    }
    for (const ids of this.#liveByMaker.values()) {
      for (const id of [...ids]) {
        const order = this.#orders.get(id);
        if (order && order.orderType === 'GTD' && order.expirationSecs > 0 && order.expirationSecs <= nowSecs) this.#cancel(order);
      }
    }
    for (const ticker of this.tickers) ticker();
  }

  // ----- wallets -------------------------------------------------------------------------------

  /** Admin funding: adds collateral and tokens and sets every exchange's allowance (unlimited by default). */
  fundWallet(address: string, collateralMicros: number, tokens: ReadonlyMap<string, number>, allowance: bigint = UNLIMITED_ALLOWANCE): void {
    this.wallets.addCollateral(address, collateralMicros);
    for (const [tokenId, micros] of tokens) this.wallets.addTokens(address, tokenId, micros);
    for (const spender of [this.contracts.exchangeV2, this.contracts.negRiskExchangeV2, this.contracts.exchangeV3]) {
      this.wallets.setAllowance(address, spender, allowance);
    }
  }

  bookHash(summary: Record<string, unknown>): string {
    return createHash('sha1').update(JSON.stringify({ ...summary, hash: '' })).digest('hex');
  }
}
