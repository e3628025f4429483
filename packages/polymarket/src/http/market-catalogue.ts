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
  /** Open markets (active, not closed) whose question or slug contains `text` (case-insensitive), within the first `scan` (default 500). */
  search(text: string, options?: { readonly limit?: number; readonly scan?: number }): Promise<Market[]>;
  byConditionId(conditionId: string): Promise<Market | undefined>;
  byGammaId(id: string): Promise<Market | undefined>;
  /** The fee schedule the CLOB charges at match time (`/clob-markets` `fd`). */
  feeSchedule(conditionId: string): Promise<FeeSchedule>;
}

export function createMarketCatalogue(options: PolymarketHttpOptions): MarketCatalogue {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const gamma = createGammaHttp({ gammaUrl: options.gammaUrl, ...(options.fetch === undefined ? {} : { fetch: options.fetch }), ...timeout });
  const clob = createClobHttp({ clobUrl: options.clobUrl, ...timeout });
  return {
    list: (query = {}) => gamma.listMarkets({ limit: 100, ...query }),
    async search(text, { limit = 20, scan = 500 } = {}) {
      const needle = text.trim().toLowerCase();
      const open = await gamma.listMarkets({ active: true, closed: false, limit: scan });
      return open.filter((m) => needle === '' || m.question.toLowerCase().includes(needle) || (m.slug ?? '').includes(needle)).slice(0, limit);
    },
    byConditionId: (conditionId) => findGammaMarket(gamma, conditionId),
    byGammaId: (id) => gamma.getMarket(id),
    async feeSchedule(conditionId) {
      return (await clob.getMarketInfo(conditionId)).feeSchedule;
    },
  };
}
