/** One price level: the total size resting at a price. */
export interface PriceLevel {
  /** Micro-dollars per share, on the book's tick. */
  readonly priceMicros: number;
  /** Outcome-token base units (1 share = 1_000_000), > 0. */
  readonly sizeMicros: number;
}

export type BookSide = 'bids' | 'asks';

/**
 * A validated order book for one outcome token. Best level FIRST on both sides (bids descending,
 * asks ascending) — the reverse of Polymarket's wire order, which puts the best level last.
 */
export interface OrderBook {
  readonly tokenId: string;
  readonly bids: readonly PriceLevel[];
  readonly asks: readonly PriceLevel[];
  readonly tickSizeMicros: number;
  /** Minimum order size in shares (base units); 0 when the venue states none. */
  readonly minOrderSizeMicros: number;
  /** When the venue produced this book (Unix ms). */
  readonly timestampMs: number;
}
