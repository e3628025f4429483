/**
 * An in-process `MarketData` for the benchmark: `MARKET_COUNT` binary markets with synthetic books
 * (20 levels a side, tick 0.01). Prices move per round in one of two ways:
 * - `path`: a fixed, repeating path, each market a different phase of it — every other round moves,
 *   so a hair-trigger momentum bot trades on most ticks (the stress case);
 * - `walk`: a seeded random walk of −2…+2 ticks a round per market, as the local exchange's market
 *   makers move (the ordinary case).
 * The benchmark measures the tick and the database, not HTTP, so books come from memory.
 */
import { createOrderBook, type OrderBook, type PriceLevel } from '@polymancer/core';
import type { MarketData, MarketInfo } from '@polymancer/bots';

export const MARKET_COUNT = 20;
const TICK_MICROS = 10_000;
const LEVELS = 20;
/** Price shift in ticks per round; a momentum bot trades on a move and holds on a flat round. */
const PATH = [0, 1, 2, 2, 1, 0, 0, -1] as const;
/** Rounds of random walk before round 0 (covers the seeded midpoint history). */
const WALK_HISTORY = 8;

export interface SyntheticMarket {
  readonly info: MarketInfo;
  readonly yesTokenId: string;
  readonly noTokenId: string;
}

const hex64 = (n: number) => n.toString(16).padStart(64, '0');

function book(tokenId: string, bestBidMicros: number, timestampMs: number): OrderBook {
  const bids: PriceLevel[] = [];
  const asks: PriceLevel[] = [];
  for (let i = 0; i < LEVELS; i++) {
    const sizeMicros = (500 + 100 * i) * 1_000_000;
    const bid = bestBidMicros - i * TICK_MICROS;
    const ask = bestBidMicros + (i + 1) * TICK_MICROS;
    if (bid > 0) bids.push({ priceMicros: bid, sizeMicros });
    if (ask < 1_000_000) asks.push({ priceMicros: ask, sizeMicros });
  }
  const r = createOrderBook({ tokenId, bids, asks, tickSizeMicros: TICK_MICROS, minOrderSizeMicros: 5_000_000, timestampMs });
  if (!r.ok) throw r.error;
  return r.value;
}

export class SyntheticVenue implements MarketData {
  readonly markets: readonly SyntheticMarket[];
  private readonly byCondition = new Map<string, SyntheticMarket>();
  /** books[round % PATH.length] : token id → book */
  private readonly books: Array<Map<string, OrderBook>> = [];
  private round = 0;
  /** walk mode: per market, the Yes best bid's shift in ticks at each round (index = round). */
  private readonly walks: number[][] = [];
  private readonly walkBooks = new Map<number, Map<string, OrderBook>>();
  private rng: () => number;

  constructor(marketCount = MARKET_COUNT, readonly mode: 'path' | 'walk' = 'path', seed = 1) {
    // mulberry32: a small seeded generator, so every run walks the same way.
    let state = seed >>> 0;
    this.rng = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const markets: SyntheticMarket[] = [];
    for (let m = 0; m < marketCount; m++) {
      const yesTokenId = String(10n ** 20n + BigInt(2 * m));
      const noTokenId = String(10n ** 20n + BigInt(2 * m + 1));
      const info: MarketInfo = {
        conditionId: `0x${hex64(m + 1)}`,
        question: `Synthetic benchmark market ${m + 1}?`,
        outcomes: [
          { tokenId: yesTokenId, outcome: 'Yes' },
          { tokenId: noTokenId, outcome: 'No' },
        ],
        tickSizeMicros: TICK_MICROS,
        minOrderSizeMicros: 5_000_000,
        acceptingOrders: true,
        closed: false,
      };
      const market = { info, yesTokenId, noTokenId };
      markets.push(market);
      this.byCondition.set(info.conditionId, market);
    }
    this.markets = markets;
    for (let phase = 0; phase < PATH.length; phase++) {
      const round = new Map<string, OrderBook>();
      for (const [m, market] of markets.entries()) {
        const yesBid = this.yesBestBid(m, phase);
        round.set(market.yesTokenId, book(market.yesTokenId, yesBid, 0));
        // The No book mirrors the Yes book: its best bid is 1 − the Yes best ask.
        round.set(market.noTokenId, book(market.noTokenId, 1_000_000 - (yesBid + TICK_MICROS), 0));
      }
      this.books.push(round);
    }
  }

  private yesBestBid(m: number, round: number): number {
    const base = 200_000 + (m % 12) * 50_000;
    // The walk starts WALK_HISTORY rounds before round 0, so the seeded price history already moves.
    if (this.mode === 'walk') return base + this.walkShift(m, round + WALK_HISTORY) * TICK_MICROS;
    const shift = PATH[(((round + m) % PATH.length) + PATH.length) % PATH.length] ?? 0;
    return base + shift * TICK_MICROS;
  }

  private walkShift(m: number, round: number): number {
    if (round <= 0) return 0;
    const walk = (this.walks[m] ??= [0]);
    while (walk.length <= round) {
      const step = Math.floor(this.rng() * 5) - 2;
      // Stay within ±15 ticks of the base so prices stay inside (0, 1) for every market.
      walk.push(Math.max(-15, Math.min(15, (walk.at(-1) ?? 0) + step)));
    }
    return walk[round] ?? 0;
  }

  /** Midpoint of a token's book in a given round (to seed the bots' price history). */
  midpointMicros(m: number, tokenId: string, round: number): number {
    const yesMid = this.yesBestBid(m, round) + TICK_MICROS / 2;
    return tokenId === this.markets[m]?.yesTokenId ? yesMid : 1_000_000 - yesMid;
  }

  private walkRound(round: number): Map<string, OrderBook> {
    let books = this.walkBooks.get(round);
    if (books === undefined) {
      books = new Map();
      for (const [m, market] of this.markets.entries()) {
        const yesBid = this.yesBestBid(m, round);
        books.set(market.yesTokenId, book(market.yesTokenId, yesBid, 0));
        books.set(market.noTokenId, book(market.noTokenId, 1_000_000 - (yesBid + TICK_MICROS), 0));
      }
      this.walkBooks.set(round, books);
    }
    return books;
  }

  setRound(round: number): void {
    this.round = round;
  }

  async getMarket(conditionId: string): Promise<MarketInfo> {
    const market = this.byCondition.get(conditionId);
    if (market === undefined) throw new Error(`unknown market ${conditionId}`);
    return market.info;
  }

  async getBook(tokenId: string): Promise<OrderBook> {
    const b = this.mode === 'walk' ? this.walkRound(this.round).get(tokenId) : this.books[((this.round % PATH.length) + PATH.length) % PATH.length]?.get(tokenId);
    if (b === undefined) throw new Error(`unknown token ${tokenId}`);
    return b;
  }
}
