/**
 * Polymarket's data API for the simulator's own fills, under `/data-api` (so `POLYMARKET_DATA_URL` unset =
 * `<sim url>/data-api`): `GET /data-api/trades`, the public trade tape, in the shape the data API answers
 * (capture: `shared/data/polymarket/trades/nt-py_data_api_trades_MIXED.json`) — `size` and `price` as JSON
 * numbers, `timestamp` in Unix seconds, newest first.
 *
 * Semantics
 * - `market`: condition ids (comma-separated or repeated); absent = every market. `side`: BUY or SELL.
 * - `takerOnly` (default true): one print per fill, from the taker's side (its side, token, price and
 *   wallet); `false` adds each maker's side of the fill.
 * - `limit` (default 100, at most 10000) and `offset` page the newest-first list.
 *
 * Known limitations: profile fields (name, pseudonym, images) are empty; `eventSlug` is the market's slug;
 * replayed (recorded) markets have no fills here.
 */
import { Elysia } from 'elysia';
import type { SimTrade } from '../state/types.ts';
import { microsToNumber } from '../wire/render.ts';
import { errorReply, json, type SimContext } from './context.ts';

const MAX_LIMIT = 10_000;

interface Print {
  readonly trade: SimTrade;
  readonly wallet: string;
  readonly side: 'BUY' | 'SELL';
  readonly tokenId: string;
  readonly outcome: string;
  readonly priceMicros: number;
  readonly sizeMicros: number;
}

function printsOf(trade: SimTrade, takerOnly: boolean): Print[] {
  const taker: Print = { trade, wallet: trade.takerMakerAddress, side: trade.side, tokenId: trade.tokenId, outcome: trade.outcome, priceMicros: trade.priceMicros, sizeMicros: trade.sizeMicros };
  if (takerOnly) return [taker];
  return [taker, ...trade.makers.map((m) => ({ trade, wallet: m.makerAddress, side: m.side, tokenId: m.tokenId, outcome: m.outcome, priceMicros: m.priceMicros, sizeMicros: m.matchedMicros }))];
}

function render(p: Print): Record<string, unknown> {
  const market = p.trade.market;
  return {
    proxyWallet: p.wallet,
    side: p.side,
    asset: p.tokenId,
    conditionId: market.conditionId,
    size: microsToNumber(p.sizeMicros),
    price: microsToNumber(p.priceMicros),
    timestamp: Math.floor(p.trade.matchTimeMs / 1000),
    title: market.question,
    slug: market.slug,
    icon: '',
    eventSlug: market.slug,
    outcome: p.outcome,
    outcomeIndex: market.tokens.findIndex((t) => t.tokenId === p.tokenId),
    name: '',
    pseudonym: '',
    bio: '',
    profileImage: '',
    profileImageOptimized: '',
    transactionHash: p.trade.transactionHash,
  };
}

export function dataApiRoutes(ctx: SimContext) {
  const { exchange } = ctx;
  return new Elysia({ prefix: '/data-api' }).get('/trades', ({ request }) => {
    const params = new URL(request.url).searchParams;
    const markets = new Set(params.getAll('market').flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter((v) => v !== ''));
    const side = params.get('side');
    const takerOnly = params.get('takerOnly') ?? 'true';
    const limit = Number(params.get('limit') ?? '100');
    const offset = Number(params.get('offset') ?? '0');
    if (side !== null && side !== 'BUY' && side !== 'SELL') return errorReply(400, 'side must be BUY or SELL');
    if (takerOnly !== 'true' && takerOnly !== 'false') return errorReply(400, 'takerOnly must be true or false');
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) return errorReply(400, `limit must be an integer between 0 and ${MAX_LIMIT}`);
    if (!Number.isInteger(offset) || offset < 0) return errorReply(400, 'offset must be a non-negative integer');
    const prints: Print[] = [];
    const trades = exchange.trades;
    // Newest first, as the data API lists them.
    for (let i = trades.length - 1; i >= 0 && prints.length < offset + limit; i -= 1) {
      const trade = trades[i] as SimTrade;
      if (markets.size > 0 && !markets.has(trade.market.conditionId.toLowerCase())) continue;
      for (const p of printsOf(trade, takerOnly === 'true')) if (side === null || p.side === side) prints.push(p);
    }
    return json(200, prints.slice(offset, offset + limit).map(render));
  }, { detail: { summary: 'Recent trades (the data API)', tags: ['data api'], description: 'GET /data-api/trades?market=0x…&limit=100&takerOnly=true → `[{ proxyWallet, side, asset, conditionId, size, price, timestamp, title, slug, outcome, outcomeIndex, transactionHash, … }]`, newest first.' } });
}
