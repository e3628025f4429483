import type { Result } from '@polymancer/core';
import type { PolymarketParseError } from '../errors.ts';
import type { Market } from '../markets/types.ts';
import { asArray, asObject, guard, type Obj, optBool, optString, reqString } from '../read.ts';
import { readGammaMarket } from './parse-market.ts';

export interface GammaEvent {
  readonly id: string;
  readonly slug: string | undefined;
  readonly title: string;
  readonly negRisk: boolean;
  readonly markets: readonly Market[];
}

export interface GammaTag {
  readonly id: string;
  readonly label: string;
  readonly slug: string;
}

/** `GET /markets` → markets. */
export function parseGammaMarkets(json: unknown): Result<Market[], PolymarketParseError> {
  return guard(() => asArray(json, '$').map((m, i) => readGammaMarket(m, `$[${i}]`)));
}

/** `GET /events` → events with their markets. */
export function parseGammaEvents(json: unknown): Result<GammaEvent[], PolymarketParseError> {
  return guard(() => asArray(json, '$').map((e, i) => readEvent(e, `$[${i}]`)));
}

/** `GET /public-search` → events and whether more results exist. */
export function parseGammaSearch(json: unknown): Result<{ events: GammaEvent[]; hasMore: boolean }, PolymarketParseError> {
  return guard(() => {
    const o = asObject(json, '$');
    const events = o.events === undefined || o.events === null ? [] : asArray(o.events, '$.events').map((e, i) => readEvent(e, `$.events[${i}]`));
    const pagination = o.pagination === undefined || o.pagination === null ? {} : asObject(o.pagination, '$.pagination');
    return { events, hasMore: optBool(pagination, 'hasMore', '$.pagination') ?? false };
  });
}

/** `GET /tags`. */
export function parseGammaTags(json: unknown): Result<GammaTag[], PolymarketParseError> {
  return guard(() =>
    asArray(json, '$').map((t, i) => {
      const o = asObject(t, `$[${i}]`);
      return { id: reqString(o, 'id', `$[${i}]`), label: reqString(o, 'label', `$[${i}]`), slug: reqString(o, 'slug', `$[${i}]`) };
    }),
  );
}

function readEvent(json: unknown, path: string): GammaEvent {
  const o: Obj = asObject(json, path);
  const markets = o.markets === undefined || o.markets === null ? [] : asArray(o.markets, `${path}.markets`);
  return {
    id: reqString(o, 'id', path),
    slug: optString(o, 'slug', path),
    title: optString(o, 'title', path) ?? '',
    negRisk: optBool(o, 'negRisk', path) ?? false,
    markets: markets.map((m, i) => readGammaMarket(m, `${path}.markets[${i}]`)),
  };
}
