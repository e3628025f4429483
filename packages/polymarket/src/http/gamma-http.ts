/**
 * Gamma markets over plain `fetch` (the official CLOB client has no Gamma methods):
 * `GET {gammaUrl}/markets?…`, `GET {gammaUrl}/markets/{id}` and the venue's text search
 * `GET {gammaUrl}/public-search?q=…` (events with their markets), parsed by `parseGamma*`.
 * List parameters are sent repeated (`condition_ids=a&condition_ids=b`), as Gamma reads them.
 */
import { parseGammaMarket } from '../gamma/parse-market.ts';
import { type GammaEvent, parseGammaMarkets, parseGammaSearch } from '../gamma/parse-events.ts';
import type { Market } from '../markets/types.ts';
import { venueMalformed } from './errors.ts';
import { type FetchLike, jsonGetter } from './fetch-json.ts';

export type { FetchLike } from './fetch-json.ts';

export interface GammaHttpOptions {
  /** Gamma's base URL, e.g. `https://gamma-api.polymarket.com` or `<sim url>/gamma`. */
  readonly gammaUrl: string;
  readonly fetch?: FetchLike;
  /** Default 10_000 ms. */
  readonly timeoutMs?: number;
}

export interface GammaMarketsQuery {
  readonly limit?: number;
  readonly offset?: number;
  readonly active?: boolean;
  readonly closed?: boolean;
  readonly conditionIds?: readonly string[];
  readonly clobTokenIds?: readonly string[];
  /** Gamma's numeric market ids. */
  readonly ids?: readonly string[];
  readonly slugs?: readonly string[];
}

export interface GammaSearchQuery {
  readonly q: string;
  /** 1-based, as polymarket.com's own search pages send it (not confirmed against the live API here). */
  readonly page: number;
  readonly limitPerType: number;
  /** Events still open (`active`) or resolved (`closed`). */
  readonly eventsStatus: 'active' | 'closed';
  /** Keep the closed markets of the events found (resolved ones sit in otherwise open events). */
  readonly keepClosedMarkets: boolean;
}

export interface GammaHttp {
  listMarkets(query?: GammaMarketsQuery): Promise<Market[]>;
  /** One page of `GET /public-search`: the events matching the text, with their markets. */
  searchEvents(query: GammaSearchQuery): Promise<{ events: GammaEvent[]; hasMore: boolean }>;
  /** By Gamma id; undefined when Gamma answers 404. */
  getMarket(id: string): Promise<Market | undefined>;
}

function searchOf(query: GammaMarketsQuery): string {
  const params = new URLSearchParams();
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset !== undefined) params.set('offset', String(query.offset));
  if (query.active !== undefined) params.set('active', String(query.active));
  if (query.closed !== undefined) params.set('closed', String(query.closed));
  for (const id of query.conditionIds ?? []) params.append('condition_ids', id);
  for (const id of query.clobTokenIds ?? []) params.append('clob_token_ids', id);
  for (const id of query.ids ?? []) params.append('id', id);
  for (const slug of query.slugs ?? []) params.append('slug', slug);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function createGammaHttp(options: GammaHttpOptions): GammaHttp {
  const getJson = jsonGetter('gamma', options.gammaUrl, options.timeoutMs ?? 10_000, options.fetch);

  return {
    async listMarkets(query = {}) {
      const body = await getJson(`/markets${searchOf(query)}`, 'list markets', false);
      const parsed = parseGammaMarkets(body);
      if (!parsed.ok) throw venueMalformed('gamma', 'list markets', parsed.error);
      return parsed.value;
    },
    async searchEvents(query) {
      const params = new URLSearchParams({
        q: query.q,
        page: String(query.page),
        limit_per_type: String(query.limitPerType),
        events_status: query.eventsStatus,
        keep_closed_markets: query.keepClosedMarkets ? '1' : '0',
        search_profiles: 'false',
        search_tags: 'false',
      });
      const body = await getJson(`/public-search?${params.toString()}`, 'search', false);
      const parsed = parseGammaSearch(body);
      if (!parsed.ok) throw venueMalformed('gamma', 'search', parsed.error);
      return parsed.value;
    },
    async getMarket(id) {
      const body = await getJson(`/markets/${encodeURIComponent(id)}`, 'get market', true);
      if (body === undefined) return undefined;
      const parsed = parseGammaMarket(body);
      if (!parsed.ok) throw venueMalformed('gamma', 'get market', parsed.error);
      return parsed.value;
    },
  };
}

/**
 * One market by condition id. Asked first without a `closed` filter and, when Gamma does not return
 * it, once more with `closed=true` (so a resolved market is found whichever default Gamma applies).
 */
export async function findGammaMarket(gamma: GammaHttp, conditionId: string): Promise<Market | undefined> {
  const wanted = conditionId.toLowerCase();
  const pick = (markets: readonly Market[]) => markets.find((m) => m.conditionId.toLowerCase() === wanted);
  return pick(await gamma.listMarkets({ conditionIds: [conditionId] })) ?? pick(await gamma.listMarkets({ conditionIds: [conditionId], closed: true }));
}
