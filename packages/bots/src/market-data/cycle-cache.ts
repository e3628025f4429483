/**
 * A per-tick-cycle cache over `MarketData`: within `bookTtlMs` every bot asking for a token's book
 * gets the same fetch (concurrent askers share the in-flight promise), so a thousand bots on one
 * market cost one book fetch per cycle. Markets are cached longer (`marketTtlMs`). Books fetched in
 * the last `historyMs` are kept per token so a bot with the stale-book realism setting can decide on
 * an older one.
 *
 * `getBookAfter` bypasses the TTL for paper realism's artificial delay: the order executes on a book
 * fetched after the delay, not on the cycle's cached one.
 *
 * Book history (stale-book realism): every book this process fetched for a token in the last
 * `historyMs` (default 330 s: the 5-minute stale-book maximum plus slack), at the times it was
 * fetched. A stale decision takes the newest book at least `staleBookMs` old; while the history does
 * not yet reach that far back (a fresh worker, a token nobody asked for), it takes the oldest kept
 * and the trade records that book's true age. Its resolution is the fetch cadence (the bots' tick
 * intervals, at most one fetch per `bookTtlMs`).
 *
 * Known limitations: one cache per process (each worker fetches once per cycle, and keeps its own
 * history); a failed fetch is not cached, so the next asker retries.
 */
import type { Clock, OrderBook } from '@polymancer/core';
import type { TradePrint } from '@polymancer/strategies';
import type { AgedBook, MarketData, MarketInfo, MarketTradePrint, TickMarketData } from './market-data.ts';

export interface MarketDataCacheOptions {
  readonly clock: Clock;
  /** Default 1_000 ms. */
  readonly bookTtlMs?: number;
  /** Default 30_000 ms. */
  readonly marketTtlMs?: number;
  /** Book history kept per token; default 330_000 ms (the 5-minute stale-book maximum plus slack). */
  readonly historyMs?: number;
}

interface Entry<T> {
  readonly fetchedAtMs: number;
  readonly value: Promise<T>;
}

export interface MarketDataCache extends TickMarketData {
  /** Fetches made through the cache so far, per kind (for tests and metrics). */
  readonly fetches: { books: number; markets: number; trades: number };
}

export function createMarketDataCache(source: MarketData, options: MarketDataCacheOptions): MarketDataCache {
  const bookTtlMs = options.bookTtlMs ?? 1_000;
  const marketTtlMs = options.marketTtlMs ?? 30_000;
  const historyMs = options.historyMs ?? 330_000;
  const clock = options.clock;
  const books = new Map<string, Array<{ fetchedAtMs: number; book: OrderBook }>>();
  const pendingBooks = new Map<string, Entry<OrderBook>>();
  const markets = new Map<string, Entry<MarketInfo>>();
  const trades = new Map<string, Entry<readonly MarketTradePrint[]>>();
  const fetches = { books: 0, markets: 0, trades: 0 };

  function cached<T>(map: Map<string, Entry<T>>, key: string, ttlMs: number, load: () => Promise<T>, count: () => void): Promise<T> {
    const now = clock.now().getTime();
    const hit = map.get(key);
    if (hit !== undefined && now - hit.fetchedAtMs < ttlMs) return hit.value;
    count();
    const value = load();
    map.set(key, { fetchedAtMs: now, value });
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    return value;
  }

  function remember(tokenId: string, fetchedAtMs: number, book: OrderBook, nowMs: number): void {
    const list = books.get(tokenId) ?? [];
    if (list[list.length - 1]?.book === book) return;
    list.push({ fetchedAtMs, book });
    while (list.length > 1 && (list[0]?.fetchedAtMs ?? 0) < nowMs - historyMs) list.shift();
    books.set(tokenId, list);
  }

  async function fresh(tokenId: string): Promise<AgedBook> {
    const nowMs = clock.now().getTime();
    const history = books.get(tokenId) ?? [];
    const newest = history[history.length - 1];
    if (newest !== undefined && nowMs - newest.fetchedAtMs < bookTtlMs) return { book: newest.book, fetchedAtMs: newest.fetchedAtMs, ageMs: nowMs - newest.fetchedAtMs };
    const book = await cached(pendingBooks, tokenId, bookTtlMs, () => source.getBook(tokenId), () => (fetches.books += 1));
    const fetchedAtMs = pendingBooks.get(tokenId)?.fetchedAtMs ?? nowMs;
    remember(tokenId, fetchedAtMs, book, nowMs);
    return { book, fetchedAtMs, ageMs: clock.now().getTime() - fetchedAtMs };
  }

  /** A book fetched at or after `afterMs`: the cycle's if it is that recent, else a new fetch (shared by concurrent askers). */
  async function after(tokenId: string, afterMs: number): Promise<AgedBook> {
    const nowMs = clock.now().getTime();
    const history = books.get(tokenId) ?? [];
    const newest = history[history.length - 1];
    if (newest !== undefined && newest.fetchedAtMs >= afterMs) return { book: newest.book, fetchedAtMs: newest.fetchedAtMs, ageMs: nowMs - newest.fetchedAtMs };
    const pending = pendingBooks.get(tokenId);
    let entry: Entry<OrderBook>;
    if (pending !== undefined && pending.fetchedAtMs >= afterMs) {
      entry = pending;
    } else {
      fetches.books += 1;
      entry = { fetchedAtMs: nowMs, value: source.getBook(tokenId) };
      pendingBooks.set(tokenId, entry);
      entry.value.catch(() => {
        if (pendingBooks.get(tokenId) === entry) pendingBooks.delete(tokenId);
      });
    }
    const book = await entry.value;
    remember(tokenId, entry.fetchedAtMs, book, nowMs);
    return { book, fetchedAtMs: entry.fetchedAtMs, ageMs: clock.now().getTime() - entry.fetchedAtMs };
  }

  return {
    fetches,
    getMarket: (conditionId) => cached(markets, conditionId, marketTtlMs, () => source.getMarket(conditionId), () => (fetches.markets += 1)),
    getBook: fresh,
    getBookAfter: after,
    async getStaleBook(tokenId, maxAgeMs) {
      const latest = await fresh(tokenId);
      if (maxAgeMs <= 0) return latest;
      const nowMs = clock.now().getTime();
      const history = books.get(tokenId) ?? [];
      let chosen = history[0];
      for (const entry of history) if (entry.fetchedAtMs <= nowMs - maxAgeMs) chosen = entry;
      if (chosen === undefined) return latest;
      return { book: chosen.book, fetchedAtMs: chosen.fetchedAtMs, ageMs: nowMs - chosen.fetchedAtMs };
    },
    async getRecentTrades(conditionId, tokenId) {
      const load = source.getRecentTrades;
      if (load === undefined) return [];
      // One tape fetch per market per cycle, shared by every token and bot that asks.
      const tape = await cached(trades, conditionId, bookTtlMs, () => load.call(source, conditionId), () => (fetches.trades += 1));
      return tape.filter((t) => t.tokenId === tokenId).map(({ priceMicros, sizeMicros, side, at }): TradePrint => ({ priceMicros, sizeMicros, side, at }));
    },
  };
}
