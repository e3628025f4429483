/**
 * Gamma's market catalogue for the simulator's own markets, under `/gamma` (so `POLYMARKET_GAMMA_URL`
 * unset = `<sim url>/gamma`): `GET /gamma/markets` and `GET /gamma/markets/{id}` in the shape Gamma
 * really answers (captures in `shared/data/polymarket/markets/nt-rs_gamma_market*.json`).
 *
 * Semantics
 * - `id` is the market's 1-based position in the exchange (stable: markets are only appended).
 * - `version: "v1"` with `clobTokenIds` (JSON text) for CTF markets; `"v2"` with `positionIds` (array)
 *   for position markets. `outcomes` / `outcomePrices` are JSON text, as Gamma sends them.
 * - `outcomePrices`: the midpoint of the live book (like Gamma, not rounded to the tick) (the fair value when a side is empty); once
 *   resolved, the payouts: `"1"` for the winner and `"0"` for the rest, `"0.5"` each for a 50/50, any split
 *   (`umaResolutionStatus: "resolved"`).
 * - Filters: `id`, `condition_ids`, `clob_token_ids`, `slug` (repeated or comma-separated),
 *   `active`, `closed` (`true`/`false`), then `offset` and `limit` (default and maximum 500).
 * - `GET /gamma/public-search?q=` in Gamma's shape (`{ events: [{ …, markets }], pagination: { hasMore,
 *   totalResults } }`): each market is its own event (title = question); `q` matches question or slug
 *   (case-insensitive substring); `events_status` `active` (not closed) or `closed`; `keep_closed_markets`
 *   `1`/`true` keeps closed markets in the events found; `page` (1-based) and `limit_per_type`
 *   (default 10, maximum 100).
 *
 * Known limitations: no events of several markets, tags, ranking or ordering parameters; search is a
 * substring match, not Gamma's relevance ranking; volume and liquidity are zero.
 */
import { Elysia } from 'elysia';
import { payoutOf, type SimMarket } from '../markets/types.ts';
import type { Exchange } from '../state/exchange.ts';
import { formatMicros, MICROS } from '../wire/decimal.ts';
import { microsToNumber } from '../wire/render.ts';
import { errorReply, json, type SimContext } from './context.ts';

const MAX_LIMIT = 500;
const MAX_SEARCH_PAGE = 100;

/** Gamma writes JSON arrays inside strings with a space after each comma: `["Yes", "No"]`. */
function jsonText(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

function midpointMicros(exchange: Exchange, market: SimMarket, tokenId: string): number {
  const bid = exchange.bestPrice(tokenId, 'BUY');
  const ask = exchange.bestPrice(tokenId, 'SELL');
  if (bid !== undefined && ask !== undefined) return Math.floor((bid + ask) / 2);
  return market.fairValueMicros.get(tokenId) ?? 0;
}

export function renderGammaMarket(exchange: Exchange, market: SimMarket, id: number): Record<string, unknown> {
  const position = market.kind === 'position';
  const tokenIds = market.tokens.map((t) => t.tokenId);
  const resolved = market.closed && market.payoutsMicros !== undefined;
  // Once resolved, Gamma's outcome prices are the payouts: "1"/"0" for a winner, "0.5"/"0.5" for a 50/50.
  const prices = market.tokens.map((t) => payoutOf(market, t.tokenId) ?? midpointMicros(exchange, market, t.tokenId));
  const first = market.tokens[0]?.tokenId;
  const bestBid = first === undefined ? undefined : exchange.bestPrice(first, 'BUY');
  const bestAsk = first === undefined ? undefined : exchange.bestPrice(first, 'SELL');
  const last = first === undefined ? undefined : exchange.lastTrade(first);
  const feeRate = market.fee.ratePpm / MICROS;
  const createdAt = new Date(market.createdAtSecs * 1000).toISOString();
  return {
    id: String(id),
    question: market.question,
    conditionId: market.conditionId,
    slug: market.slug,
    resolutionSource: '',
    endDate: market.endDateIso,
    liquidity: '0',
    startDate: createdAt,
    description: `Synthetic ${market.kind} market of the Polymancer local exchange.`,
    outcomes: jsonText(market.tokens.map((t) => t.outcome)),
    outcomePrices: jsonText(prices.map((p) => formatMicros(p))),
    volume: '0',
    active: true,
    closed: market.closed,
    archived: false,
    createdAt,
    updatedAt: new Date(exchange.nowMs()).toISOString(),
    questionID: market.questionId,
    enableOrderBook: true,
    orderPriceMinTickSize: microsToNumber(market.tickSizeMicros),
    orderMinSize: microsToNumber(market.minOrderSizeMicros),
    endDateIso: market.endDateIso.slice(0, 10),
    startDateIso: createdAt.slice(0, 10),
    version: position ? 'v2' : 'v1',
    ...(position ? { positionIds: tokenIds } : { clobTokenIds: jsonText(tokenIds) }),
    makerBaseFee: 0,
    takerBaseFee: Math.round(market.fee.ratePpm / 100),
    acceptingOrders: market.acceptingOrders,
    acceptingOrdersTimestamp: createdAt,
    negRisk: market.negRisk,
    ...(market.negRiskMarketId !== undefined ? { negRiskMarketID: market.negRiskMarketId } : {}),
    ...(resolved ? { umaResolutionStatus: 'resolved' } : {}),
    umaResolutionStatuses: resolved ? '["resolved"]' : '[]',
    spread: bestBid !== undefined && bestAsk !== undefined ? microsToNumber(bestAsk - bestBid) : 0,
    lastTradePrice: microsToNumber(last?.priceMicros ?? 0),
    ...(bestBid !== undefined ? { bestBid: microsToNumber(bestBid) } : {}),
    ...(bestAsk !== undefined ? { bestAsk: microsToNumber(bestAsk) } : {}),
    feesEnabled: market.fee.ratePpm > 0,
    feeSchedule: market.fee.ratePpm > 0 ? { exponent: market.fee.exponent, rate: feeRate, takerOnly: true, rebateRate: 0 } : null,
  };
}

/** Values of a repeated or comma-separated query parameter. */
function listParam(params: URLSearchParams, key: string): string[] {
  return params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function boolParam(params: URLSearchParams, key: string): boolean | undefined | 'invalid' {
  const value = params.get(key);
  if (value === null || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return 'invalid';
}

function intParam(params: URLSearchParams, key: string, fallback: number): number | 'invalid' {
  const value = params.get(key);
  if (value === null || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : 'invalid';
}

export function gammaRoutes(ctx: SimContext) {
  const { exchange } = ctx;
  return new Elysia({ prefix: '/gamma' })
    .get('/markets', ({ request }) => {
      const params = new URL(request.url).searchParams;
      const active = boolParam(params, 'active');
      const closed = boolParam(params, 'closed');
      const limit = intParam(params, 'limit', MAX_LIMIT);
      const offset = intParam(params, 'offset', 0);
      if (active === 'invalid' || closed === 'invalid' || limit === 'invalid' || offset === 'invalid') return errorReply(422, 'invalid query parameter');
      const ids = new Set(listParam(params, 'id'));
      const conditionIds = new Set(listParam(params, 'condition_ids').map((c) => c.toLowerCase()));
      const tokenIds = new Set(listParam(params, 'clob_token_ids'));
      const slugs = new Set(listParam(params, 'slug'));
      const selected = exchange.markets
        .map((market, index) => ({ market, id: index + 1 }))
        .filter(({ id }) => ids.size === 0 || ids.has(String(id)))
        .filter(({ market }) => conditionIds.size === 0 || conditionIds.has(market.conditionId.toLowerCase()))
        .filter(({ market }) => tokenIds.size === 0 || market.tokens.some((t) => tokenIds.has(t.tokenId)))
        .filter(({ market }) => slugs.size === 0 || slugs.has(market.slug))
        // Gamma keeps `active: true` on closed markets; only `active=false` filters everything out.
        .filter(() => active === undefined || active)
        .filter(({ market }) => closed === undefined || market.closed === closed);
      const page = selected.slice(offset, offset + Math.min(limit, MAX_LIMIT));
      return json(200, page.map(({ market, id }) => renderGammaMarket(exchange, market, id)));
    })
    .get('/public-search', ({ request }) => {
      const params = new URL(request.url).searchParams;
      const q = (params.get('q') ?? '').trim().toLowerCase();
      const page = intParam(params, 'page', 1);
      const perPage = intParam(params, 'limit_per_type', 10);
      const status = params.get('events_status');
      const keepClosed = ['1', 'true'].includes(params.get('keep_closed_markets') ?? '');
      if (q === '') return errorReply(422, 'q is required');
      if (page === 'invalid' || perPage === 'invalid' || (status !== null && status !== '' && status !== 'active' && status !== 'closed')) return errorReply(422, 'invalid query parameter');
      const size = Math.min(Math.max(perPage, 1), MAX_SEARCH_PAGE);
      const matches = exchange.markets
        .map((market, index) => ({ market, id: index + 1 }))
        .filter(({ market }) => market.question.toLowerCase().includes(q) || market.slug.toLowerCase().includes(q))
        .filter(({ market }) => (status === 'active' ? !market.closed : status === 'closed' ? market.closed : true));
      const start = (Math.max(page, 1) - 1) * size;
      const events = matches.slice(start, start + size).map(({ market, id }) => ({
        id: String(id),
        slug: market.slug,
        title: market.question,
        active: true,
        closed: market.closed,
        negRisk: market.negRisk,
        markets: market.closed && !keepClosed ? [] : [renderGammaMarket(exchange, market, id)],
      }));
      return json(200, { events, pagination: { hasMore: start + size < matches.length, totalResults: matches.length } });
    })
    .get('/markets/:id', ({ params }) => {
      const index = /^\d+$/.test(params.id) ? Number(params.id) - 1 : -1;
      const market = exchange.markets[index];
      return market ? json(200, renderGammaMarket(exchange, market, index + 1)) : errorReply(404, 'market not found');
    });
}
