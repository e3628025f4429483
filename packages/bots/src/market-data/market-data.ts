/**
 * The market-data port the tick reads through. The integrator implements it over the CLOB and
 * Gamma HTTP APIs (`@polymancer/polymarket` parsers); tests implement it in process from recorded
 * books. Failures throw (`InfrastructureError` for a venue that is down): the tick records the
 * market as unavailable for that tick and moves on.
 */
import type { FeeSchedule, OrderBook } from '@polymancer/core';
import type { TradePrint } from '@polymancer/strategies';

export interface MarketOutcomeInfo {
  readonly tokenId: string;
  /** The outcome's label, e.g. "Yes". */
  readonly outcome: string;
}

export interface OutcomePayoutInfo {
  readonly tokenId: string;
  readonly payoutMicros: number;
}

/** Whether the market has resolved (payouts known). */
export function isResolved(market: MarketInfo): boolean {
  return market.payouts !== undefined || market.winningTokenId !== undefined;
}

/** What one share of `tokenId` pays in a resolved market; a token the payouts do not name pays 0. */
export function payoutMicrosOf(market: MarketInfo, tokenId: string): number {
  if (market.payouts !== undefined) return market.payouts.find((p) => p.tokenId === tokenId)?.payoutMicros ?? 0;
  return market.winningTokenId === tokenId ? 1_000_000 : 0;
}

export interface MarketInfo {
  readonly conditionId: string;
  readonly question: string;
  readonly outcomes: readonly MarketOutcomeInfo[];
  readonly tickSizeMicros: number;
  readonly minOrderSizeMicros: number;
  /** Polymarket's fee schedule for the market; absent = no fee (what the client assumes). */
  readonly feeSchedule?: FeeSchedule | undefined;
  readonly acceptingOrders: boolean;
  readonly closed: boolean;
  /** Set once the market has resolved with one winner: its token pays 1 pUSD a share, the others 0. */
  readonly winningTokenId?: string | undefined;
  /**
   * Set once the market has resolved: what one share of each outcome pays, in micros (1/0, a 50/50
   * split — how Polymarket settles a market resolved "invalid" — or any other split). Takes
   * precedence over `winningTokenId`.
   */
  readonly payouts?: readonly OutcomePayoutInfo[] | undefined;
  /**
   * One of the local exchange's own synthetic markets rather than the real venue's (the adapter
   * knows which venue it reads). Trades on them never count toward unlock in a deployment that
   * trades real money.
   */
  readonly synthetic?: boolean | undefined;
  /**
   * The exchange contract that verifies this market's orders: CTF Exchange V2, the neg-risk exchange
   * V2, or ExchangeV3 (position markets). Absent = `ctf_v2`. Only the live path reads it.
   */
  readonly exchange?: 'ctf_v2' | 'neg_risk_v2' | 'v3' | undefined;
}

/** A print on the market's public trade tape, of one of its outcome tokens. */
export interface MarketTradePrint extends TradePrint {
  readonly tokenId: string;
}

export interface MarketData {
  getMarket(conditionId: string): Promise<MarketInfo>;
  getBook(tokenId: string): Promise<OrderBook>;
  /** The market's recent trade prints (every outcome), oldest first (momentum on trades); absent = none. */
  getRecentTrades?(conditionId: string): Promise<readonly MarketTradePrint[]>;
}

/** A book and how old it was when handed out. */
export interface AgedBook {
  readonly book: OrderBook;
  readonly fetchedAtMs: number;
  readonly ageMs: number;
}

/** What the tick reads: market data shared by every bot of a tick cycle, with recent book history. */
export interface TickMarketData {
  getMarket(conditionId: string): Promise<MarketInfo>;
  /** The freshest book of this cycle. */
  getBook(tokenId: string): Promise<AgedBook>;
  /** A book fetched at or after `afterMs` (refetched when the cycle's book is older): paper realism's delayed execution. */
  getBookAfter(tokenId: string, afterMs: number): Promise<AgedBook>;
  /** The newest book fetched at least `maxAgeMs` ago, else the oldest kept (paper realism: stale book). */
  getStaleBook(tokenId: string, maxAgeMs: number): Promise<AgedBook>;
  /** Recent prints of one outcome token of the market, oldest first (one tape fetch per market per cycle). */
  getRecentTrades(conditionId: string, tokenId: string): Promise<readonly TradePrint[]>;
}
