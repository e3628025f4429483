/**
 * `createMarketDirectory`: what the API's markets routes serve — a page of markets (search,
 * open/closed) and one market in full (outcomes with token ids, tick, minimum size, the CLOB's fee
 * schedule, and a summary of each outcome's book) — from the configured venue over HTTP, cached.
 *
 * Caching: pages for `listTtlMs` (default 10 s), a market's details for `detailTtlMs` (default 2 s, as
 * books move), per key, with the in-flight fetch shared so a burst of identical requests costs one
 * venue call. Time comes from the injected clock. Errors are the catalogue's (InfrastructureError,
 * NotFoundError) and are not cached.
 */
import type { Clock, FeeSchedule, OrderBook } from '@polymancer/core';
import type { Market } from '../markets/types.ts';
import type { MarketCatalogue } from './market-catalogue.ts';

export interface MarketListQuery {
  /** Text to find, through the venue's own search (see `MarketCatalogue.search`); with `closed`, among closed markets. */
  readonly search?: string | undefined;
  /** true = closed markets only, false = open only; undefined = open (Gamma's default view). */
  readonly closed?: boolean | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface MarketListPage {
  readonly items: readonly Market[];
  /** Offset of the next page, or null when this page is the last. */
  readonly nextOffset: number | null;
}

export interface BookSummary {
  readonly tokenId: string;
  readonly bestBidMicros: number | null;
  readonly bestAskMicros: number | null;
  /** (best bid + best ask) / 2, rounded down; null unless both sides quote. */
  readonly midpointMicros: number | null;
  /** Shares (micros) resting on each side, all levels. */
  readonly bidSharesMicros: number;
  readonly askSharesMicros: number;
  readonly timestampMs: number;
}

export interface MarketDetail {
  readonly market: Market;
  /** What the CLOB charges at match time; null when the market is closed (nothing trades). */
  readonly feeSchedule: FeeSchedule | null;
  /** One per outcome, in the market's order; empty for a closed market. */
  readonly books: readonly BookSummary[];
}

export interface MarketDirectory {
  list(query: MarketListQuery): Promise<MarketListPage>;
  /** undefined when the venue does not list the condition id. */
  detail(conditionId: string): Promise<MarketDetail | undefined>;
}

export interface MarketDirectoryOptions {
  readonly catalogue: MarketCatalogue;
  readonly books: { getBook(tokenId: string): Promise<OrderBook> };
  readonly clock: Clock;
  readonly listTtlMs?: number;
  readonly detailTtlMs?: number;
}

export function summarizeBook(book: OrderBook): BookSummary {
  const bestBid = book.bids[0]?.priceMicros ?? null;
  const bestAsk = book.asks[0]?.priceMicros ?? null;
  return {
    tokenId: book.tokenId,
    bestBidMicros: bestBid,
    bestAskMicros: bestAsk,
    midpointMicros: bestBid === null || bestAsk === null ? null : Math.floor((bestBid + bestAsk) / 2),
    bidSharesMicros: book.bids.reduce((sum, level) => sum + level.sizeMicros, 0),
    askSharesMicros: book.asks.reduce((sum, level) => sum + level.sizeMicros, 0),
    timestampMs: book.timestampMs,
  };
}

function ttlCache<T>(clock: Clock, ttlMs: number) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const now = clock.now().getTime();
    const hit = entries.get(key);
    if (hit !== undefined && now - hit.at < ttlMs) return hit.value;
    const value = load();
    entries.set(key, { at: now, value });
    value.catch(() => entries.delete(key));
    if (entries.size > 1_000) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

export function createMarketDirectory(options: MarketDirectoryOptions): MarketDirectory {
  const { catalogue, books, clock } = options;
  const pages = ttlCache<MarketListPage>(clock, options.listTtlMs ?? 10_000);
  const details = ttlCache<MarketDetail | undefined>(clock, options.detailTtlMs ?? 2_000);
  return {
    list(query) {
      const search = query.search?.trim() ?? '';
      const key = JSON.stringify([search.toLowerCase(), query.closed ?? null, query.limit, query.offset]);
      return pages(key, async () => {
        // One more than asked, to know whether another page exists.
        const want = query.limit + 1;
        const found =
          search !== ''
            ? (await catalogue.search(search, { closed: query.closed ?? false, limit: query.offset + want })).slice(query.offset)
            : await catalogue.list({ active: true, closed: query.closed ?? false, limit: want, offset: query.offset });
        return { items: found.slice(0, query.limit), nextOffset: found.length > query.limit ? query.offset + query.limit : null };
      });
    },
    detail(conditionId) {
      return details(conditionId.toLowerCase(), async () => {
        const market = await catalogue.byConditionId(conditionId);
        if (market === undefined) return undefined;
        if (market.closed) return { market, feeSchedule: null, books: [] };
        const [feeSchedule, outcomeBooks] = await Promise.all([catalogue.feeSchedule(market.conditionId), Promise.all(market.outcomes.map((o) => books.getBook(o.tokenId)))]);
        return { market, feeSchedule, books: outcomeBooks.map(summarizeBook) };
      });
    },
  };
}
