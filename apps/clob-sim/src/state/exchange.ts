/**
 * The exchange: markets, books, orders, trades, balances, API keys and heartbeats, in memory. This class
 * is the one face routes, WebSocket and agents see; the work is done by role modules sharing one
 * `ExchangeCore` (core.ts): order intake (order-intake.ts), matching and fills (fills.ts), cancels and the
 * expiry sweep (cancels.ts), market administration (market-admin.ts); records in order-store.ts.
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
import { createHash } from 'node:crypto';
import type { Address } from 'viem';
import type { Clock } from '@polymancer/core';
import { contractsFor, UNLIMITED_ALLOWANCE, type ExchangeContracts } from '../config.ts';
import type { MarketSpec } from '../markets/seed.ts';
import type { SimMarket } from '../markets/types.ts';
import type { PriceLevel } from '../matching/order-book.ts';
import type { Side } from '../matching/types.ts';
import type { ReplayBooks } from '../replay/replay-books.ts';
import { replayMarkets } from '../replay/replay-markets.ts';
import type { RecordedMarket } from '../replay/load-markets.ts';
import { parseDecimalMicros } from '../wire/decimal.ts';
import type { Erc1271Check } from '../chain/erc1271.ts';
import { SignerKeys } from '../orders/signer-keys.ts';
import { SyntheticSettlement, type Settlement } from '../settlement/settlement.ts';
import { ApiKeyStore, type ApiKeyRecord } from './api-keys.ts';
import { cancelOrders, cancelWhere, sweepExpired, type CancelResult } from './cancels.ts';
import { MARKET_MAKER_ADDRESS, nowMs, nowSecs, spenderAddress, type ChainFunds, type ExchangeCore, type ExchangeEvents } from './core.ts';
import type { PlaceOutcome } from './fills.ts';
import { HeartbeatSessions, type BeatResult } from './heartbeats.ts';
import * as admin from './market-admin.ts';
import { MarketBooks } from './market-books.ts';
import { placeOrder } from './order-intake.ts';
import { OrderStore } from './order-store.ts';
import type { SettlementSchedule, SimOrder, SimTrade, TradeStatus } from './types.ts';
import { WalletLedger } from './wallets.ts';
import { MICROS } from '../wire/decimal.ts';

export type { CancelResult } from './cancels.ts';
export type { ExchangeEvents } from './core.ts';
export type { OrderResponseWire, PlaceOutcome } from './fills.ts';
export { MARKET_MAKER_ADDRESS } from './core.ts';

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

export class Exchange {
  readonly chainId: number;
  readonly contracts: ExchangeContracts;
  readonly clock: Clock;
  readonly settlement: SettlementSchedule;
  readonly settler: Settlement;
  readonly wallets = new WalletLedger();
  readonly keys: ApiKeyStore;
  readonly events: ExchangeEvents = {};
  readonly #core: ExchangeCore;
  /** Fault injection: whether the next trade's settlement fails. */
  settlementFails: () => boolean = () => false;
  /** Recorded books served instead of the live book for replayed tokens (`--replay DIR`). */
  replay: ReplayBooks | undefined;
  /** Work run at the end of every sweep (market-maker agents, scheduled resolution). */
  readonly tickers: (() => void)[] = [];

  constructor(options: ExchangeOptions) {
    this.chainId = options.chainId;
    this.contracts = contractsFor(options.chainId);
    this.clock = options.clock;
    this.settlement = options.settlement;
    this.settler = options.settler ?? new SyntheticSettlement(options.settlement);
    this.keys = new ApiKeyStore(options.serverSecret);
    this.#core = {
      chainId: this.chainId,
      contracts: this.contracts,
      clock: this.clock,
      settler: this.settler,
      wallets: this.wallets,
      registry: new MarketBooks(),
      store: new OrderStore(),
      events: this.events,
      heartbeats: new HeartbeatSessions(options.heartbeatTimeoutMs),
      erc1271: options.erc1271,
      signerKeys: new SignerKeys(),
      fees: { collectedMicros: 0 },
      failingTrades: new Set(),
      settlementFails: () => this.settlementFails(),
      chainFunds: undefined,
    };
    this.wallets.get(MARKET_MAKER_ADDRESS).collateralMicros = 1_000_000_000 * MICROS;
  }

  /** Chain mode (`--rpc`): funds are read from the chain through `funds` before every check. */
  attachChainFunds(funds: ChainFunds): void {
    this.#core.chainFunds = funds;
  }

  /** Bring a wallet's balances and allowances up to date from the chain (no-op without one). */
  async refreshFunds(address: string, tokenIds: readonly string[] = []): Promise<void> {
    await this.#core.chainFunds?.refresh(address, tokenIds);
  }

  get markets(): readonly SimMarket[] {
    return this.#core.registry.markets;
  }

  get trades(): readonly SimTrade[] {
    return this.#core.store.trades;
  }

  nowMs(): number {
    return nowMs(this.#core);
  }

  nowSecs(): number {
    return nowSecs(this.#core);
  }

  get collectedFeesMicros(): number {
    return this.#core.fees.collectedMicros;
  }

  // ----- markets and books (views) ----------------------------------------------------------------

  addMarket(market: SimMarket): SimMarket {
    return this.#core.registry.add(market);
  }

  market(conditionId: string): SimMarket | undefined {
    return this.#core.registry.market(conditionId);
  }

  marketByToken(tokenId: string): SimMarket | undefined {
    return this.#core.registry.marketByToken(tokenId);
  }

  isMirrored(tokenId: string): boolean {
    return this.#core.registry.isMirrored(tokenId);
  }

  /** A token's price levels, best first, in its own terms (mirrored back for the second outcome). */
  levels(tokenId: string, side: Side): PriceLevel[] {
    return this.#core.registry.levels(tokenId, side);
  }

  /** A token's book in its own terms (the second outcome of a two-outcome market sees the shared book mirrored). */
  book(tokenId: string): TokenBookView | undefined {
    const raw = this.#core.registry.rawBook(tokenId);
    if (!raw) return undefined;
    return {
      levels: (side) => this.levels(tokenId, side),
      bestPrice: (side) => this.bestPrice(tokenId, side),
      get size() {
        return raw.size;
      },
    };
  }

  /** Best bid (BUY) or ask (SELL) in micros, from the replayed snapshot or the live book. */
  bestPrice(tokenId: string, side: Side): number | undefined {
    const recorded = this.replay?.at(tokenId, this.nowMs());
    if (recorded) {
      const prices = (side === 'BUY' ? recorded.bids : recorded.asks).map((l) => parseDecimalMicros(l.price) ?? 0);
      if (prices.length === 0) return undefined;
      return side === 'BUY' ? Math.max(...prices) : Math.min(...prices);
    }
    return this.#core.registry.bestPrice(tokenId, side);
  }

  lastTrade(tokenId: string): { priceMicros: number; side: Side } | undefined {
    return this.#core.store.lastTrade(tokenId);
  }

  spenderFor(market: SimMarket): string {
    return spenderAddress(this.#core, market).toLowerCase();
  }

  spenderAddress(market: SimMarket): Address {
    return spenderAddress(this.#core, market);
  }

  bookHash(summary: Record<string, unknown>): string {
    return createHash('sha1').update(JSON.stringify({ ...summary, hash: '' })).digest('hex');
  }

  // ----- market administration ---------------------------------------------------------------------

  createMarket(spec: MarketSpec): SimMarket {
    return admin.createMarket(this.#core, spec);
  }

  /** Markets for the replayed tokens, grouped by their recorded condition id and named by `recorded` descriptions. */
  addReplayMarkets(replay: ReplayBooks, recorded: ReadonlyMap<string, RecordedMarket> = new Map()): void {
    this.replay = replay;
    for (const market of replayMarkets(replay, (tokenId) => this.marketByToken(tokenId) !== undefined, this.nowMs(), recorded)) this.addMarket(market);
  }

  seedQuotes(market: SimMarket, rng: admin.QuoteRng, levels = 5, fair: ReadonlyMap<string, number> = market.fairValueMicros): void {
    admin.seedQuotes(this.#core, market, rng, levels, fair);
  }

  requote(market: SimMarket, rng: admin.QuoteRng, fair: ReadonlyMap<string, number>, levels = 5): void {
    admin.requote(this.#core, market, rng, fair, levels);
  }

  changeTickSize(market: SimMarket, tickMicros: number): void {
    admin.changeTickSize(this.#core, market, tickMicros);
  }

  /** Resolve with one winner (1 pUSD a share; the other outcomes nothing). */
  resolveMarket(market: SimMarket, winnerTokenId: string): void {
    admin.resolveMarket(this.#core, market, admin.winnerPayouts(market, winnerTokenId));
  }

  /** Resolve at payouts per outcome (micros a share, summing to 1 pUSD): a 50/50 or any other split. */
  resolveMarketWithPayouts(market: SimMarket, payouts: ReadonlyMap<string, number>): void {
    admin.resolveMarket(this.#core, market, payouts);
  }

  redeem(address: string, market: SimMarket): { redeemedMicros: number } | undefined {
    return admin.redeem(this.#core, address, market);
  }

  fundWallet(address: string, collateralMicros: number, tokens: ReadonlyMap<string, number>, allowance: bigint = UNLIMITED_ALLOWANCE): void {
    admin.fundWallet(this.#core, address, collateralMicros, tokens, allowance);
  }

  // ----- orders and trades -------------------------------------------------------------------------

  placeOrder(key: ApiKeyRecord, payload: unknown): Promise<PlaceOutcome> {
    return placeOrder(this.#core, key, payload);
  }

  order(id: string): SimOrder | undefined {
    return this.#core.store.order(id);
  }

  ordersOf(ownerAddress: string): SimOrder[] {
    return this.#core.store.ordersOf(ownerAddress);
  }

  /** Collateral and tokens the maker's live orders hold back. */
  reserved(makerAddress: string): { collateralMicros: number; tokens: Map<string, number> } {
    return this.#core.store.reserved(makerAddress);
  }

  trade(id: string): SimTrade | undefined {
    return this.#core.store.trade(id);
  }

  tradeStatus(trade: SimTrade): TradeStatus {
    return this.settler.status(trade, this.nowMs());
  }

  cancelOrders(ownerAddress: string, ids: readonly string[]): CancelResult {
    return cancelOrders(this.#core, ownerAddress, ids);
  }

  cancelWhere(ownerAddress: string, predicate: (order: SimOrder) => boolean): CancelResult {
    return cancelWhere(this.#core, ownerAddress, predicate);
  }

  // ----- heartbeats and expiry ---------------------------------------------------------------------

  heartbeat(key: ApiKeyRecord, heartbeatId: string | null | undefined): BeatResult {
    return this.#core.heartbeats.beat(key.key, heartbeatId, this.nowMs());
  }

  /** Expire GTD orders, cancel the orders of API keys whose heartbeats stopped, revert failed settlements, run tickers. */
  sweep(): void {
    sweepExpired(this.#core);
    for (const ticker of this.tickers) ticker();
  }
}
