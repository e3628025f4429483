import type { FeeSchedule } from '@polymancer/core';

/**
 * Protocol of a market's outcome tokens: `v1` = CTF markets (Gamma `clobTokenIds`, CTF Exchange
 * V2 orders); `v2` = Protocol V2 position markets (Gamma `positionIds`, ExchangeV3 orders).
 */
export type MarketProtocol = 'v1' | 'v2';

export interface MarketOutcome {
  readonly outcome: string;
  /** The CLOB token id (v1) or position id (v2), decimal text. */
  readonly tokenId: string;
  /** Last displayed price, when the source gives one (display grade, rounded to the micro). */
  readonly priceMicros: number | undefined;
}

export type MarketResolution =
  | { readonly state: 'open' }
  /** Closed, but its payouts are not known (0/0 legacy prices, not yet settled). */
  | { readonly state: 'closed' }
  | {
      readonly state: 'resolved';
      /** What one share of each outcome pays, in the venue's outcome order (1/0, 50/50, a scalar split…). */
      readonly payouts: readonly OutcomePayout[];
      /** Set when one outcome pays 1 and every other 0. */
      readonly winningOutcomeIndex?: number;
      readonly winningTokenId?: string;
      readonly winningOutcome?: string;
    };

export interface OutcomePayout {
  readonly tokenId: string;
  readonly outcome: string;
  /** pUSD micros one share pays at redemption (0..1_000_000); the payouts sum to 1_000_000. */
  readonly payoutMicros: number;
}

/** A market as the catalogue needs it, from Gamma or from the CLOB `/markets` API. */
export interface Market {
  readonly source: 'gamma' | 'clob';
  readonly conditionId: string;
  readonly question: string;
  readonly slug: string | undefined;
  /** Gamma's numeric id (text); undefined from the CLOB API. */
  readonly gammaId: string | undefined;
  readonly protocol: MarketProtocol;
  /** Outcomes in the venue's order; empty when the market has no CLOB tokens. */
  readonly outcomes: readonly MarketOutcome[];
  readonly tickSizeMicros: number | undefined;
  readonly minOrderSizeMicros: number | undefined;
  readonly negRisk: boolean;
  /**
   * The fee schedule when the source states one (Gamma `feeSchedule`). `/clob-markets` `fd` is
   * authoritative for live fees; undefined means "not stated here".
   */
  readonly feeSchedule: FeeSchedule | undefined;
  readonly feesEnabled: boolean | undefined;
  readonly endDateMs: number | undefined;
  readonly active: boolean;
  readonly closed: boolean;
  readonly archived: boolean;
  readonly acceptingOrders: boolean | undefined;
  readonly enableOrderBook: boolean | undefined;
  readonly resolution: MarketResolution;
}
