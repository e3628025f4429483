/**
 * A deterministic in-process `MarketData` built from real recorded Polymarket data: the 2024
 * election market (`markets/nt-py_clob_market.json`) and its deep "No" book
 * (`books/nt-py_ws_book.json`, 76 × 86 levels). The "Yes" book is the complement of the "No" book
 * (bid ↔ 1 − ask), and `shift` moves every level by whole ticks so a test can script a price path.
 */
import { createOrderBook, type OrderBook, type PriceLevel, parseMicros } from '@polymancer/core';
import type { MarketData, MarketInfo } from '../src/index.ts';
import { readSharedJson } from '../../../test/shared-data.ts';

interface WireLevel {
  readonly price: string;
  readonly size: string;
}
interface WireBook {
  readonly asset_id: string;
  readonly market: string;
  readonly bids: readonly WireLevel[];
  readonly asks: readonly WireLevel[];
  readonly timestamp: string;
}
interface WireMarket {
  readonly condition_id: string;
  readonly question: string;
  readonly minimum_tick_size: number | string;
  readonly minimum_order_size: number | string;
  readonly tokens: ReadonlyArray<{ readonly token_id: string; readonly outcome: string }>;
}

const micros = (s: string): number => {
  const r = parseMicros(s);
  if (!r.ok) throw r.error;
  return r.value;
};

export const TICK = 1_000;

export interface RecordedMarket {
  readonly conditionId: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
  readonly market: MarketInfo;
  /** The recorded No book, levels as parsed. */
  readonly noLevels: { bids: PriceLevel[]; asks: PriceLevel[] };
}

export function loadElectionMarket(): RecordedMarket {
  const wireMarket = readSharedJson<WireMarket>('polymarket', 'markets', 'nt-py_clob_market.json');
  const wireBook = readSharedJson<WireBook>('polymarket', 'books', 'nt-py_ws_book.json');
  const yes = wireMarket.tokens.find((t) => t.outcome === 'Yes');
  const no = wireMarket.tokens.find((t) => t.outcome === 'No');
  if (yes === undefined || no === undefined || no.token_id !== wireBook.asset_id) throw new Error('unexpected recorded market');
  const level = (l: WireLevel): PriceLevel => ({ priceMicros: micros(l.price), sizeMicros: micros(l.size) });
  return {
    conditionId: wireMarket.condition_id,
    yesTokenId: yes.token_id,
    noTokenId: no.token_id,
    market: {
      conditionId: wireMarket.condition_id,
      question: wireMarket.question,
      outcomes: wireMarket.tokens.map((t) => ({ tokenId: t.token_id, outcome: t.outcome })),
      tickSizeMicros: micros(String(wireMarket.minimum_tick_size)),
      minOrderSizeMicros: micros(String(wireMarket.minimum_order_size)),
      acceptingOrders: true,
      closed: false,
    },
    noLevels: { bids: wireBook.bids.map(level), asks: wireBook.asks.map(level) },
  };
}

function build(tokenId: string, bids: PriceLevel[], asks: PriceLevel[], timestampMs: number): OrderBook {
  const inRange = (l: PriceLevel) => l.priceMicros >= TICK && l.priceMicros <= 1_000_000 - TICK;
  const r = createOrderBook({ tokenId, bids: bids.filter(inRange), asks: asks.filter(inRange), tickSizeMicros: TICK, minOrderSizeMicros: 5_000_000, timestampMs });
  if (!r.ok) throw r.error;
  return r.value;
}

/** The No book shifted by `shiftTicks`, and the Yes book as its complement. */
export function booksAt(m: RecordedMarket, shiftTicks: number, timestampMs: number): { yes: OrderBook; no: OrderBook } {
  const d = shiftTicks * TICK;
  const noBids = m.noLevels.bids.map((l) => ({ ...l, priceMicros: l.priceMicros + d }));
  const noAsks = m.noLevels.asks.map((l) => ({ ...l, priceMicros: l.priceMicros + d }));
  const complement = (l: PriceLevel) => ({ ...l, priceMicros: 1_000_000 - l.priceMicros });
  return {
    no: build(m.noTokenId, noBids, noAsks, timestampMs),
    yes: build(m.yesTokenId, noAsks.map(complement), noBids.map(complement), timestampMs),
  };
}

/** A scriptable venue: tests set the books and the market state; fetches are counted. */
export class ScriptedMarketData implements MarketData {
  readonly books = new Map<string, OrderBook>();
  market: MarketInfo;
  bookFetches = 0;
  marketFetches = 0;
  failBooks = false;

  constructor(readonly recorded: RecordedMarket) {
    this.market = recorded.market;
    this.setShift(0, 0);
  }

  setShift(shiftTicks: number, timestampMs: number): void {
    const { yes, no } = booksAt(this.recorded, shiftTicks, timestampMs);
    this.books.set(this.recorded.yesTokenId, yes);
    this.books.set(this.recorded.noTokenId, no);
  }

  resolve(winningTokenId: string): void {
    this.market = { ...this.market, closed: true, acceptingOrders: false, winningTokenId };
  }

  /** Resolves with a payout per outcome (a 50/50 "invalid" resolution, a split). */
  resolveWithPayouts(payouts: Record<string, number>): void {
    this.market = { ...this.market, closed: true, acceptingOrders: false, payouts: Object.entries(payouts).map(([tokenId, payoutMicros]) => ({ tokenId, payoutMicros })) };
  }

  async getMarket(conditionId: string): Promise<MarketInfo> {
    this.marketFetches += 1;
    if (conditionId !== this.market.conditionId) throw new Error(`unknown market ${conditionId}`);
    return this.market;
  }

  async getBook(tokenId: string): Promise<OrderBook> {
    this.bookFetches += 1;
    if (this.failBooks) throw new Error('venue unavailable');
    const book = this.books.get(tokenId);
    if (book === undefined) throw new Error(`unknown token ${tokenId}`);
    return book;
  }
}
