/**
 * Gamma API wire shapes (`GET /markets`, `/events`, `/public-search`, `/tags`), only the fields we
 * read. Gamma mixes JSON-in-string arrays (`outcomes`, `outcomePrices`, `clobTokenIds`) with
 * plain arrays (`positionIds` on `version: "v2"` position markets) and numbers with strings.
 */
export interface GammaFeeScheduleWire {
  readonly rate?: number;
  readonly exponent?: number;
  readonly takerOnly?: boolean;
  readonly rebateRate?: number;
}

export interface GammaMarketWire {
  readonly id?: string;
  readonly conditionId: string;
  readonly question?: string;
  readonly slug?: string;
  /** "v1" (CTF, clobTokenIds) or "v2" (position market, positionIds); absent on older payloads = v1. */
  readonly version?: string | null;
  /** JSON text, e.g. "[\"Yes\", \"No\"]". */
  readonly outcomes?: string | readonly string[];
  /** JSON text of decimal strings; may carry 30+ decimals on legacy markets. */
  readonly outcomePrices?: string | readonly string[] | null;
  /** JSON text of token ids (v1). */
  readonly clobTokenIds?: string | readonly string[] | null;
  /** Position ids (v2), decimal strings. */
  readonly positionIds?: string | readonly string[] | null;
  readonly orderPriceMinTickSize?: number | null;
  readonly orderMinSize?: number | null;
  readonly negRisk?: boolean | null;
  readonly feesEnabled?: boolean | null;
  readonly feeSchedule?: GammaFeeScheduleWire | null;
  readonly endDate?: string | null;
  readonly active?: boolean | null;
  readonly closed?: boolean | null;
  readonly archived?: boolean | null;
  readonly acceptingOrders?: boolean | null;
  readonly enableOrderBook?: boolean | null;
  readonly umaResolutionStatus?: string | null;
}

export interface GammaEventWire {
  readonly id: string;
  readonly slug?: string;
  readonly title?: string;
  readonly negRisk?: boolean | null;
  readonly active?: boolean | null;
  readonly closed?: boolean | null;
  readonly endDate?: string | null;
  readonly markets?: readonly GammaMarketWire[];
}

export interface GammaSearchResponseWire {
  readonly events?: readonly GammaEventWire[];
  readonly pagination?: { readonly hasMore?: boolean; readonly totalResults?: number };
}

export interface GammaTagWire {
  readonly id: string;
  readonly label: string;
  readonly slug: string;
}
