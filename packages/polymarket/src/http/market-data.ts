/**
 * `createPolymarketMarketData`: the bots service's `MarketData` port over HTTP. A market is read from
 * Gamma by condition id (question, outcome tokens by `version`, resolution) and, unless resolved,
 * from the CLOB's `/clob-markets/{condition_id}` (tick, minimum size, accepting orders and the fee
 * schedule `fd`, which is authoritative for fees); books come from the CLOB's `/book`.
 *
 * Guarantees: integers only (the parsers refuse inexact prices and sizes); every failure throws a
 * core error without URLs or bodies — `InfrastructureError` (`retryable` for network, timeouts,
 * 408/429/5xx) or `NotFoundError` when Gamma does not list the condition id.
 *
 * Recent trade prints (momentum on trades) come from the data API's public `/trades?market=` tape, when
 * `dataUrl` is given: the market's last `recentTradesLimit` taker prints, oldest first.
 *
 * Known limitations: no caching here — the tick's `createMarketDataCache` shares fetches per cycle; the
 * trade tape is one page (the newest prints), not a history.
 */
import type { FeeSchedule, OrderBook } from '@polymancer/core';
import type { ClobMarketInfo } from '../clob/parse-market-info.ts';
import type { Market } from '../markets/types.ts';
import { type ClobHttp, createClobHttp } from './clob-http.ts';
import type { TradePrintOnVenue } from '../data-api/parse-trades.ts';
import { createDataHttp } from './data-http.ts';
import { marketNotListed } from './errors.ts';
import { createGammaHttp, type FetchLike, findGammaMarket, type GammaHttp } from './gamma-http.ts';

export interface PolymarketHttpOptions {
  /** The CLOB's base URL (`POLYMARKET_CLOB_URL`, or the local exchange's URL). */
  readonly clobUrl: string;
  /** Gamma's base URL (`POLYMARKET_GAMMA_URL`, or `<local exchange URL>/gamma`). */
  readonly gammaUrl: string;
  /** The data API's base URL (`POLYMARKET_DATA_URL`, or `<local exchange URL>/data-api`); unset = no trade prints. */
  readonly dataUrl?: string | undefined;
  /** Prints read per market per fetch; default 100 (the data API's default page). */
  readonly recentTradesLimit?: number;
  /** Used for Gamma and data-API requests (the official CLOB client uses its own transport). */
  readonly fetch?: FetchLike;
  /** Per request; default 10_000 ms. */
  readonly timeoutMs?: number;
  /**
   * The CLOB is the local exchange, whose markets are synthetic: every market is marked so, and
   * trades on them never count toward unlock where real money is configured. Default false.
   */
  readonly synthetic?: boolean;
}

/**
 * What the tick needs to know about a market — structurally the bots service's `MarketInfo`, so
 * `createPolymarketMarketData(...)` is a `MarketData` without this adapter importing the service.
 */
export interface VenueMarketInfo {
  readonly conditionId: string;
  readonly question: string;
  readonly outcomes: readonly { readonly tokenId: string; readonly outcome: string }[];
  readonly tickSizeMicros: number;
  readonly minOrderSizeMicros: number;
  /** From `/clob-markets` `fd`; undefined for a resolved market (not fetched). */
  readonly feeSchedule?: FeeSchedule | undefined;
  /** Open on Gamma and accepting orders on the CLOB (`ao`). */
  readonly acceptingOrders: boolean;
  readonly closed: boolean;
  /** Set once Gamma shows the market resolved with one outcome paying 1, the rest 0. */
  readonly winningTokenId?: string | undefined;
  /** Set once the market has resolved: what one share of each outcome pays (1/0, 50/50, a split). */
  readonly payouts?: readonly { readonly tokenId: string; readonly payoutMicros: number }[] | undefined;
  /** One of the local exchange's synthetic markets (`PolymarketHttpOptions.synthetic`). */
  readonly synthetic?: boolean | undefined;
  /** The exchange contract that verifies this market's orders (V2.md §2–3). */
  readonly exchange?: 'ctf_v2' | 'neg_risk_v2' | 'v3' | undefined;
}

/** One fill on the market's public tape, structurally the bots service's `MarketTradePrint`. */
export interface VenueTradePrint {
  readonly tokenId: string;
  readonly priceMicros: number;
  readonly sizeMicros: number;
  /** The taker's side. */
  readonly side: 'buy' | 'sell';
  readonly at: Date;
}

/** The bots service's `MarketData` port (structurally). */
export interface VenueMarketData {
  getMarket(conditionId: string): Promise<VenueMarketInfo>;
  getBook(tokenId: string): Promise<OrderBook>;
  /** The market's recent prints, oldest first; absent when no data API is configured. */
  getRecentTrades?(conditionId: string): Promise<readonly VenueTradePrint[]>;
}

/** Polymarket's default tick when a resolved market's Gamma record states none. */
const DEFAULT_TICK_MICROS = 10_000;

/** Gamma's market plus, for an unresolved market, the CLOB's details → the tick's `MarketInfo`. */
export function toMarketInfo(market: Market, clob: ClobMarketInfo | undefined): VenueMarketInfo {
  const resolved = market.resolution.state === 'resolved' ? market.resolution : undefined;
  const winningTokenId = resolved?.winningTokenId;
  const payouts = resolved?.payouts.map((p) => ({ tokenId: p.tokenId, payoutMicros: p.payoutMicros }));
  return {
    conditionId: market.conditionId,
    question: market.question,
    outcomes: market.outcomes.map((o) => ({ tokenId: o.tokenId, outcome: o.outcome })),
    tickSizeMicros: clob?.tickSizeMicros ?? market.tickSizeMicros ?? DEFAULT_TICK_MICROS,
    minOrderSizeMicros: clob?.minOrderSizeMicros ?? market.minOrderSizeMicros ?? 0,
    feeSchedule: clob?.feeSchedule,
    acceptingOrders: !market.closed && (clob?.acceptingOrders ?? market.acceptingOrders ?? market.active),
    closed: market.closed,
    winningTokenId,
    payouts,
    exchange: market.protocol === 'v2' ? 'v3' : (clob?.negRisk ?? market.negRisk) ? 'neg_risk_v2' : 'ctf_v2',
  };
}

export interface PolymarketMarketData extends VenueMarketData {
  readonly gamma: GammaHttp;
  readonly clob: ClobHttp;
}

/** The data API's prints (newest first) → the port's (oldest first). */
function toPrints(trades: readonly TradePrintOnVenue[]): VenueTradePrint[] {
  return trades
    .map((t) => ({ tokenId: t.tokenId, priceMicros: t.priceMicros, sizeMicros: t.sizeMicros, side: t.side, at: new Date(t.timestampMs) }))
    .reverse();
}

export function createPolymarketMarketData(options: PolymarketHttpOptions): PolymarketMarketData {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const gamma = createGammaHttp({ gammaUrl: options.gammaUrl, ...(options.fetch === undefined ? {} : { fetch: options.fetch }), ...timeout });
  const clob = createClobHttp({ clobUrl: options.clobUrl, ...timeout });
  const fetchOption = options.fetch === undefined ? {} : { fetch: options.fetch };
  const data = options.dataUrl === undefined ? undefined : createDataHttp({ dataUrl: options.dataUrl, ...fetchOption, ...timeout });
  const limit = options.recentTradesLimit ?? 100;
  return {
    gamma,
    clob,
    ...(data === undefined ? {} : { getRecentTrades: async (conditionId: string) => toPrints(await data.recentTrades(conditionId, limit)) }),
    async getMarket(conditionId: string): Promise<VenueMarketInfo> {
      const market = await findGammaMarket(gamma, conditionId);
      if (market === undefined) throw marketNotListed(conditionId);
      const synthetic = options.synthetic === true ? { synthetic: true } : {};
      if (market.resolution.state === 'resolved') return { ...toMarketInfo(market, undefined), ...synthetic };
      return { ...toMarketInfo(market, await clob.getMarketInfo(market.conditionId)), ...synthetic };
    },
    async getBook(tokenId: string): Promise<OrderBook> {
      return (await clob.getBook(tokenId)).book;
    },
  };
}
