/**
 * `createMarketCatalogue`: markets for people to browse and bots to watch, from Gamma (list with
 * paging and filters, one by condition id or Gamma id), with the CLOB's fee schedule on demand.
 * Same error semantics as `createPolymarketMarketData`.
 */
import type { FeeSchedule } from '@polymancer/core';
import type { Market } from '../markets/types.ts';
import { createClobHttp } from './clob-http.ts';
import { createGammaHttp, findGammaMarket, type GammaMarketsQuery } from './gamma-http.ts';
import type { PolymarketHttpOptions } from './market-data.ts';

export interface MarketCatalogue {
  /** A page of markets (Gamma's order); `limit` default 100. */
  list(query?: GammaMarketsQuery): Promise<Market[]>;
  /**
   * Markets the venue's own search (`GET /public-search`) finds for `text`: open ones (active, not
   * closed) by default, closed ones with `closed: true`; in the venue's order (relevance), each once.
   * Pages through the results (`pageSize` events a page, default 50) until `limit` markets (default
   * 20) are found or after `maxPages` pages (default 5): a bounded cost per search, so the markets
   * past the first `maxPages × pageSize` matching events are not reached.
   */
  search(text: string, options?: MarketSearchOptions): Promise<Market[]>;
  byConditionId(conditionId: string): Promise<Market | undefined>;
  byGammaId(id: string): Promise<Market | undefined>;
  /** The fee schedule the CLOB charges at match time (`/clob-markets` `fd`). */
  feeSchedule(conditionId: string): Promise<FeeSchedule>;
}

export interface MarketSearchOptions {
  readonly closed?: boolean;
  readonly limit?: number;
  readonly pageSize?: number;
  readonly maxPages?: number;
}

export function createMarketCatalogue(options: PolymarketHttpOptions): MarketCatalogue {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const gamma = createGammaHttp({ gammaUrl: options.gammaUrl, ...(options.fetch === undefined ? {} : { fetch: options.fetch }), ...timeout });
  const clob = createClobHttp({ clobUrl: options.clobUrl, ...timeout });
  return {
    list: (query = {}) => gamma.listMarkets({ limit: 100, ...query }),
    async search(text, { closed = false, limit = 20, pageSize = 50, maxPages = 5 } = {}) {
      const q = text.trim();
      if (q === '') return [];
      const found = new Map<string, Market>();
      for (let page = 1; page <= maxPages && found.size < limit; page++) {
        const result = await gamma.searchEvents({ q, page, limitPerType: pageSize, eventsStatus: closed ? 'closed' : 'active', keepClosedMarkets: closed });
        for (const event of result.events) {
          for (const market of event.markets) {
            // An open event can hold resolved markets (and Gamma's filter is per event): filter per market.
            const wanted = closed ? market.closed : market.active && !market.closed;
            if (wanted && !found.has(market.conditionId)) found.set(market.conditionId, market);
          }
        }
        if (!result.hasMore) break;
      }
      return [...found.values()].slice(0, limit);
    },
    byConditionId: (conditionId) => findGammaMarket(gamma, conditionId),
    byGammaId: (id) => gamma.getMarket(id),
    async feeSchedule(conditionId) {
      return (await clob.getMarketInfo(conditionId)).feeSchedule;
    },
  };
}
