/** Public market data: health, version, time, markets, books, prices, tick size, neg-risk, fees, history. */
import { Elysia } from 'elysia';
import { createRng } from '../markets/rng.ts';
import type { Side } from '../matching/types.ts';
import { formatMicros, paginate } from '../wire/decimal.ts';
import { microsToNumber, renderBook, renderClobMarket, renderMarket, renderSimplifiedMarket } from '../wire/render.ts';
import { errorReply, json, parseJson, rawBody, type SimContext } from './context.ts';

const NO_BOOK = 'No orderbook exists for the requested token id';
const MAX_BATCH = 500;

type Query = Record<string, string | undefined>;

export function publicRoutes(ctx: SimContext) {
  const { exchange } = ctx;

  const tokenOf = (query: Query): { ok: true; tokenId: string } | { ok: false; reply: Response } => {
    const tokenId = query['token_id'];
    if (!tokenId) return { ok: false, reply: errorReply(400, 'Invalid token id') };
    if (!exchange.marketByToken(tokenId)) return { ok: false, reply: errorReply(404, NO_BOOK) };
    return { ok: true, tokenId };
  };

  const best = (tokenId: string, side: Side): number | undefined => exchange.bestPrice(tokenId, side);
  /** Docs: BUY → best bid, SELL → best ask. */
  const priceFor = (tokenId: string, side: Side): string => formatMicros(best(tokenId, side) ?? 0);
  const midFor = (tokenId: string): string => {
    const bid = best(tokenId, 'BUY');
    const ask = best(tokenId, 'SELL');
    if (bid === undefined || ask === undefined) return formatMicros(bid ?? ask ?? 0);
    return formatMicros(Math.floor((bid + ask) / 2));
  };
  const spreadFor = (tokenId: string): string => {
    const bid = best(tokenId, 'BUY');
    const ask = best(tokenId, 'SELL');
    return bid === undefined || ask === undefined ? '0' : formatMicros(ask - bid);
  };
  const lastFor = (tokenId: string) => {
    const last = exchange.lastTrade(tokenId);
    return last ? { price: formatMicros(last.priceMicros), side: last.side } : { price: '0.5', side: '' };
  };

  /** Parses a JSON array body of `{token_id, side?}`; the error reply when invalid. */
  const batch = (body: unknown): { ok: true; items: { token_id: string; side?: string }[] } | { ok: false; reply: Response } => {
    const parsed = parseJson(rawBody(body));
    if (!parsed.ok || !Array.isArray(parsed.value)) return { ok: false, reply: errorReply(400, 'Invalid payload') };
    if (parsed.value.length > MAX_BATCH) return { ok: false, reply: errorReply(400, 'Payload exceeds the limit') };
    const items = parsed.value as { token_id: string; side?: string }[];
    for (const item of items) {
      if (typeof item?.token_id !== 'string') return { ok: false, reply: errorReply(400, 'Invalid payload') };
      if (!exchange.marketByToken(item.token_id)) return { ok: false, reply: errorReply(404, NO_BOOK) };
    }
    return { ok: true, items };
  };

  const marketsPage = (query: Query, render: (m: (typeof exchange.markets)[number]) => unknown) => {
    const page = paginate(exchange.markets.map(render), query['next_cursor'], ctx.options.marketsPageSize);
    return page ? json(200, page) : errorReply(400, 'invalid next_cursor');
  };

  return new Elysia()
    .get('/', () => json(200, 'OK'))
    .get('/ok', () => json(200, 'OK'))
    .get('/version', () => json(200, { version: 2 }))
    .get('/time', () => json(200, exchange.nowSecs()))
    .get('/markets', ({ query }) => marketsPage(query, renderMarket))
    .get('/sampling-markets', ({ query }) => marketsPage(query, renderMarket))
    .get('/simplified-markets', ({ query }) => marketsPage(query, renderSimplifiedMarket))
    .get('/sampling-simplified-markets', ({ query }) => marketsPage(query, renderSimplifiedMarket))
    .get('/markets/:conditionId', ({ params }) => {
      const market = exchange.market(params.conditionId);
      return market ? json(200, renderMarket(market)) : errorReply(404, 'market not found');
    })
    .get('/clob-markets/:conditionId', ({ params }) => {
      const market = exchange.market(params.conditionId);
      return market ? json(200, renderClobMarket(market)) : errorReply(404, 'market not found');
    })
    .get('/markets-by-token/:tokenId', ({ params }) => {
      const market = exchange.marketByToken(params.tokenId);
      if (!market) return errorReply(404, 'market not found');
      return json(200, {
        condition_id: market.conditionId,
        primary_token_id: market.tokens[0]?.tokenId ?? '',
        secondary_token_id: market.tokens[1]?.tokenId ?? '',
      });
    })
    .get('/book', ({ query }) => {
      const token = tokenOf(query);
      return token.ok ? json(200, renderBook(exchange, token.tokenId)) : token.reply;
    })
    .post('/books', ({ body }) => {
      const parsed = batch(body);
      return parsed.ok ? json(200, parsed.items.map((item) => renderBook(exchange, item.token_id))) : parsed.reply;
    })
    .get('/price', ({ query }) => {
      const token = tokenOf(query);
      if (!token.ok) return token.reply;
      const side = query['side'];
      if (side !== 'BUY' && side !== 'SELL') return errorReply(400, 'Invalid side');
      return json(200, { price: priceFor(token.tokenId, side) });
    })
    .post('/prices', ({ body }) => {
      const parsed = batch(body);
      if (!parsed.ok) return parsed.reply;
      const out: Record<string, Record<string, string>> = {};
      for (const item of parsed.items) {
        if (item.side !== 'BUY' && item.side !== 'SELL') return errorReply(400, 'Invalid side');
        out[item.token_id] = { ...(out[item.token_id] ?? {}), [item.side]: priceFor(item.token_id, item.side) };
      }
      return json(200, out);
    })
    .get('/midpoint', ({ query }) => {
      const token = tokenOf(query);
      if (!token.ok) return token.reply;
      const mid = midFor(token.tokenId);
      return json(200, { mid, mid_price: mid });
    })
    .post('/midpoints', ({ body }) => {
      const parsed = batch(body);
      return parsed.ok ? json(200, Object.fromEntries(parsed.items.map((i) => [i.token_id, midFor(i.token_id)]))) : parsed.reply;
    })
    .get('/spread', ({ query }) => {
      const token = tokenOf(query);
      return token.ok ? json(200, { spread: spreadFor(token.tokenId) }) : token.reply;
    })
    .post('/spreads', ({ body }) => {
      const parsed = batch(body);
      return parsed.ok ? json(200, Object.fromEntries(parsed.items.map((i) => [i.token_id, spreadFor(i.token_id)]))) : parsed.reply;
    })
    .get('/last-trade-price', ({ query }) => {
      const token = tokenOf(query);
      return token.ok ? json(200, lastFor(token.tokenId)) : token.reply;
    })
    .post('/last-trades-prices', ({ body }) => {
      const parsed = batch(body);
      return parsed.ok ? json(200, parsed.items.map((i) => ({ token_id: i.token_id, ...lastFor(i.token_id) }))) : parsed.reply;
    })
    .get('/tick-size', ({ query }) => {
      const market = query['token_id'] ? exchange.marketByToken(query['token_id']) : undefined;
      return market ? json(200, { minimum_tick_size: microsToNumber(market.tickSizeMicros) }) : errorReply(404, 'market not found');
    })
    .get('/neg-risk', ({ query }) => {
      const market = query['token_id'] ? exchange.marketByToken(query['token_id']) : undefined;
      return market ? json(200, { neg_risk: market.negRisk }) : errorReply(404, 'market not found');
    })
    .get('/fee-rate', ({ query }) => {
      const market = query['token_id'] ? exchange.marketByToken(query['token_id']) : undefined;
      return market ? json(200, { base_fee: Math.round(market.fee.ratePpm / 100) }) : errorReply(404, 'market not found');
    })
    .get('/prices-history', ({ query }) => {
      const tokenId = query['market'];
      const market = tokenId ? exchange.marketByToken(tokenId) : undefined;
      if (!tokenId || !market) return errorReply(400, 'Invalid token id');
      const now = exchange.nowSecs();
      const intervals: Record<string, number> = { '1h': 3_600, '6h': 21_600, '1d': 86_400, '1w': 604_800, max: 30 * 86_400 };
      const interval = query['interval'];
      const endTs = query['endTs'] ? Number(query['endTs']) : now;
      const startTs = query['startTs'] ? Number(query['startTs']) : endTs - (intervals[interval ?? 'max'] ?? 86_400);
      const fidelitySecs = Math.max(1, Number(query['fidelity'] ?? '60')) * 60;
      if (!Number.isFinite(startTs) || !Number.isFinite(endTs) || startTs > endTs) return errorReply(400, 'Invalid payload');
      // Seeded random walk before the first trade, then the recorded trade prices.
      const rng = createRng(Number(BigInt(tokenId) % 4_294_967_296n));
      const tick = market.tickSizeMicros;
      let price = market.fairValueMicros.get(tokenId) ?? 500_000;
      const history: { t: number; p: number }[] = [];
      const first = Math.ceil(startTs / fidelitySecs) * fidelitySecs;
      for (let t = first; t <= endTs && history.length < 5_000; t += fidelitySecs) {
        const traded = exchange.trades.filter((tr) => tr.tokenId === tokenId && tr.matchTimeMs <= t * 1000).at(-1);
        if (traded) price = traded.priceMicros;
        else price = Math.min(1_000_000 - tick, Math.max(tick, price + (rng.int(-1, 1) * tick)));
        history.push({ t, p: microsToNumber(price) });
      }
      return json(200, { history });
    });
}
