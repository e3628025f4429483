/** A market as the simulator keeps it. Prices and sizes are integer micros. */
export type MarketKind = 'binary' | 'neg-risk' | 'position';

export interface SimToken {
  readonly tokenId: string;
  readonly outcome: string;
}

export interface FeeSchedule {
  /** Polymarket's `fd.r` in parts per million (0.02 → 20_000). */
  readonly ratePpm: number;
  /** Polymarket's `fd.e` (integer exponent). */
  readonly exponent: number;
}

export interface SimMarket {
  readonly conditionId: string;
  readonly questionId: string;
  readonly question: string;
  readonly slug: string;
  readonly kind: MarketKind;
  readonly negRisk: boolean;
  /** Position markets of Protocol V2 trade through ExchangeV3 (domain version "3"). */
  readonly exchangeVersion: 2 | 3;
  readonly negRiskMarketId: string | undefined;
  tickSizeMicros: number;
  readonly minOrderSizeMicros: number;
  readonly fee: FeeSchedule;
  readonly tokens: readonly SimToken[];
  readonly endDateIso: string;
  /** Fair value (micros) per token at seeding, used by the seeded quotes and price history. */
  readonly fairValueMicros: ReadonlyMap<string, number>;
  acceptingOrders: boolean;
  closed: boolean;
  /** Set on resolution when one outcome pays 1 pUSD a share and the others nothing. */
  winnerTokenId: string | undefined;
  /**
   * Set on resolution: what one share of each outcome pays, in micros (they sum to 1 pUSD). A winner
   * is 1/0; Polymarket also resolves markets 50/50 (a market resolved "invalid") or at other splits.
   */
  payoutsMicros: ReadonlyMap<string, number> | undefined;
  /**
   * Served from recorded books (`--replay DIR`): it shows as accepting orders, as it was when recorded, so
   * paper bots trade on the replayed book, but the exchange refuses real orders on it.
   */
  readonly replayed?: boolean;
  /** Unix seconds when the market started accepting orders. */
  readonly createdAtSecs: number;
}

/** The tick sizes Polymarket uses and the decimals the client rounds amounts to at each. */
export const amountDecimalsByTick: Readonly<Record<number, number>> = {
  100_000: 3,
  10_000: 4,
  5_000: 5,
  2_500: 6,
  1_000: 5,
  100: 6,
};

/** What one share of `tokenId` pays in a resolved market (0 for a token the payouts do not name); undefined while unresolved. */
export function payoutOf(market: SimMarket, tokenId: string): number | undefined {
  if (!market.closed || market.payoutsMicros === undefined) return undefined;
  return market.payoutsMicros.get(tokenId) ?? 0;
}
