/** Orders and trades (L2): post one or a batch, cancel, open orders, one order, trades. */
import { Elysia } from 'elysia';
import type { SimOrder } from '../state/types.ts';
import { paginate } from '../wire/decimal.ts';
import { renderOpenOrder, renderTrade } from '../wire/render.ts';
import { authenticate, errorReply, json, parseJson, rawBody, type SimContext } from './context.ts';

export const MAX_ORDERS_PER_BATCH = 15;

const emptyFailure = (errorMsg: string) => ({
  success: false,
  errorMsg,
  orderID: '',
  status: '',
  makingAmount: '',
  takingAmount: '',
  transactionsHashes: [],
  tradeIDs: [],
});

function isV1Payload(item: unknown): boolean {
  const order = (item as { order?: Record<string, unknown> } | null)?.order;
  return typeof order === 'object' && order !== null && !('timestamp' in order) && ('nonce' in order || 'feeRateBps' in order);
}

export function orderRoutes(ctx: SimContext) {
  const { exchange } = ctx;

  const cancelReply = (owner: string, ids: readonly string[]) => json(200, exchange.cancelOrders(owner, ids));

  return new Elysia()
    .post('/order', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body));
      if (!parsed.ok) return errorReply(400, 'Invalid order payload');
      const outcome = await exchange.placeOrder(auth.key, parsed.value);
      return outcome.ok ? json(200, outcome.response) : errorReply(outcome.status, outcome.error);
    })
    .post('/orders', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body));
      if (!parsed.ok || !Array.isArray(parsed.value)) return errorReply(400, 'Invalid order payload');
      const items = parsed.value as unknown[];
      if (items.length > MAX_ORDERS_PER_BATCH) {
        return errorReply(400, `Too many orders in payload: ${items.length}, max allowed: ${MAX_ORDERS_PER_BATCH}`);
      }
      if (items.some(isV1Payload)) return errorReply(400, 'order_version_mismatch');
      const responses = [];
      for (const item of items) {
        const outcome = await exchange.placeOrder(auth.key, item);
        responses.push(outcome.ok ? outcome.response : emptyFailure(outcome.error));
      }
      return json(200, responses);
    })
    .delete('/order', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body));
      const id = parsed.ok ? (parsed.value as { orderID?: unknown } | null)?.orderID : undefined;
      if (typeof id !== 'string' || id === '') return errorReply(400, 'Invalid orderID');
      return cancelReply(auth.key.address, [id]);
    })
    .delete('/orders', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body));
      if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.some((id) => typeof id !== 'string')) {
        return errorReply(400, 'Invalid order payload');
      }
      return cancelReply(auth.key.address, parsed.value as string[]);
    })
    .delete('/cancel-all', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      return json(200, exchange.cancelWhere(auth.key.address, () => true));
    })
    .delete('/cancel-market-orders', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body) || '{}');
      if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return errorReply(400, 'Invalid order payload');
      const { market, asset_id: assetId } = parsed.value as { market?: string; asset_id?: string };
      const matches = (order: SimOrder) =>
        (!market || order.market.conditionId.toLowerCase() === market.toLowerCase()) && (!assetId || order.tokenId === assetId);
      return json(200, exchange.cancelWhere(auth.key.address, matches));
    })
    .get('/data/order/:id', async ({ request, headers, body, params }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const order = exchange.order(params.id);
      if (!order || order.ownerAddress !== auth.key.address) return errorReply(404, 'order not found');
      return json(200, renderOpenOrder(order));
    })
    .get('/data/orders', async ({ request, headers, body, query }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const orders = exchange
        .ordersOf(auth.key.address)
        .filter((o) => o.status === 'LIVE')
        .filter((o) => !query['id'] || o.id === query['id'])
        .filter((o) => !query['market'] || o.market.conditionId.toLowerCase() === query['market'].toLowerCase())
        .filter((o) => !query['asset_id'] || o.tokenId === query['asset_id'])
        .map(renderOpenOrder);
      const page = paginate(orders, query['next_cursor'], ctx.options.ordersPageSize);
      return page ? json(200, page) : errorReply(400, 'invalid order params payload');
    })
    .get('/data/trades', async ({ request, headers, body, query }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const viewer = auth.key.address;
      const before = query['before'] ? Number(query['before']) : undefined;
      const after = query['after'] ? Number(query['after']) : undefined;
      const trades = exchange.trades
        .filter((t) => t.takerOwnerAddress === viewer || t.makers.some((m) => m.ownerAddress === viewer))
        .filter((t) => !query['id'] || t.id === query['id'])
        .filter((t) => !query['market'] || t.market.conditionId.toLowerCase() === query['market'].toLowerCase())
        .filter((t) => !query['asset_id'] || t.tokenId === query['asset_id'])
        .filter((t) => !query['maker_address'] || t.takerMakerAddress === query['maker_address'].toLowerCase() || t.makers.some((m) => m.makerAddress === query['maker_address']?.toLowerCase()))
        .filter((t) => before === undefined || t.matchTimeMs / 1000 < before)
        .filter((t) => after === undefined || t.matchTimeMs / 1000 > after)
        .map((t) => renderTrade(exchange, t, viewer));
      const page = paginate(trades, query['next_cursor'], ctx.options.ordersPageSize);
      return page ? json(200, page) : errorReply(400, 'Invalid trade params payload');
    });
}
