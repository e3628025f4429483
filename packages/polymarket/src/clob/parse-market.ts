import type { Result } from '@polymancer/core';
import type { PolymarketParseError } from '../errors.ts';
import { resolutionOf } from '../markets/resolution.ts';
import type { Market, MarketOutcome } from '../markets/types.ts';
import { asArray, asObject, guard, micros, type Obj, optBool, optDateMs, optMicros, optString, reqString } from '../read.ts';

/** `GET /markets/{condition_id}` → `Market` (CTF markets only; the CLOB API lists no position ids). */
export function parseClobMarket(json: unknown): Result<Market, PolymarketParseError> {
  return guard(() => readClobMarket(json, '$'));
}

/** `GET /markets` page → markets and the next cursor (`"LTE="` at the end). */
export function parseClobMarketsPage(json: unknown): Result<{ markets: Market[]; nextCursor: string }, PolymarketParseError> {
  return guard(() => {
    const o = asObject(json, '$');
    return {
      markets: asArray(o.data, '$.data').map((m, i) => readClobMarket(m, `$.data[${i}]`)),
      nextCursor: reqString(o, 'next_cursor', '$'),
    };
  });
}

function readClobMarket(json: unknown, path: string): Market {
  const o: Obj = asObject(json, path);
  const tokens = asArray(o.tokens, `${path}.tokens`).map((t, i) => asObject(t, `${path}.tokens[${i}]`));
  // Archived pre-CLOB markets list placeholder tokens with empty ids: they have no tradable outcomes.
  const listed = tokens.every((t) => typeof t.token_id === 'string' && t.token_id !== '');
  const outcomes: MarketOutcome[] = listed
    ? tokens.map((t, i) => ({
        outcome: reqString(t, 'outcome', `${path}.tokens[${i}]`),
        tokenId: reqString(t, 'token_id', `${path}.tokens[${i}]`),
        priceMicros: t.price === undefined || t.price === null ? undefined : micros(t.price, `${path}.tokens[${i}].price`),
      }))
    : [];
  const winners = listed ? tokens.map((t, i) => optBool(t, 'winner', `${path}.tokens[${i}]`) === true) : [];
  const closed = optBool(o, 'closed', path) ?? false;
  return {
    source: 'clob',
    conditionId: reqString(o, 'condition_id', path),
    question: optString(o, 'question', path) ?? '',
    slug: optString(o, 'market_slug', path),
    gammaId: undefined,
    protocol: 'v1',
    outcomes,
    tickSizeMicros: optMicros(o, 'minimum_tick_size', path),
    minOrderSizeMicros: optMicros(o, 'minimum_order_size', path),
    negRisk: optBool(o, 'neg_risk', path) ?? false,
    feeSchedule: undefined,
    feesEnabled: undefined,
    endDateMs: optDateMs(o, 'end_date_iso'),
    active: optBool(o, 'active', path) ?? false,
    closed,
    archived: optBool(o, 'archived', path) ?? false,
    acceptingOrders: optBool(o, 'accepting_orders', path),
    enableOrderBook: optBool(o, 'enable_order_book', path),
    resolution: resolutionOf(closed, outcomes, winners),
  };
}
