/**
 * Polymarket's data API over plain `fetch`: `GET {dataUrl}/trades?market=<condition id>&limit=N&takerOnly=true`,
 * the public tape of a market's recent fills (one print per taker fill), parsed by `parseDataApiTrades`.
 */
import { parseDataApiTrades, type TradePrintOnVenue } from '../data-api/parse-trades.ts';
import { venueMalformed } from './errors.ts';
import { type FetchLike, jsonGetter } from './fetch-json.ts';

export interface DataHttpOptions {
  /** The data API's base URL, e.g. `https://data-api.polymarket.com` or `<sim url>/data-api`. */
  readonly dataUrl: string;
  readonly fetch?: FetchLike;
  /** Default 10_000 ms. */
  readonly timeoutMs?: number;
}

export interface DataHttp {
  /** The market's most recent taker prints, newest first (as the API sends them), at most `limit` (default 100). */
  recentTrades(conditionId: string, limit?: number): Promise<TradePrintOnVenue[]>;
}

export function createDataHttp(options: DataHttpOptions): DataHttp {
  const getJson = jsonGetter('data', options.dataUrl, options.timeoutMs ?? 10_000, options.fetch);
  return {
    async recentTrades(conditionId, limit = 100) {
      const query = new URLSearchParams({ market: conditionId, limit: String(limit), takerOnly: 'true' });
      const parsed = parseDataApiTrades(await getJson(`/trades?${query}`, 'recent trades'));
      if (!parsed.ok) throw venueMalformed('data', 'recent trades', parsed.error);
      return parsed.value;
    },
  };
}
