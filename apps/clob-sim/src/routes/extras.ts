/**
 * Routes the official client can reach that carry no simulated state: builder fees (zero), rewards (none),
 * pre-migration orders (none), live activity (recent fills of a market). They answer in the real shapes so
 * the client's loops end (`next_cursor: "LTE="`).
 */
import { Elysia } from 'elysia';
import { END_CURSOR } from '../wire/decimal.ts';
import { formatMicros } from '../wire/decimal.ts';
import { authenticate, errorReply, json, type SimContext } from './context.ts';

const emptyPage = { limit: 500, count: 0, next_cursor: END_CURSOR, data: [] };

export function extraRoutes(ctx: SimContext) {
  const { exchange } = ctx;
  const authed = (handler: () => Response) => async (raw: { request: Request; headers: Record<string, string | undefined>; body: unknown }) => {
    const auth = await authenticate(ctx, raw);
    return auth.ok ? handler() : auth.reply;
  };
  return new Elysia()
    .get('/fees/builder-fees/:code', () => json(200, { builder_maker_fee_rate_bps: 0, builder_taker_fee_rate_bps: 0 }))
    .get('/rewards/markets/current', () => json(200, emptyPage))
    .get('/rewards/markets/:conditionId', () => json(200, emptyPage))
    .get('/rewards/user', authed(() => json(200, emptyPage)))
    .get('/rewards/user/markets', authed(() => json(200, emptyPage)))
    .get('/rewards/user/total', authed(() => json(200, [])))
    .get('/rewards/user/percentages', authed(() => json(200, {})))
    .get('/data/pre-migration-orders', authed(() => json(200, emptyPage)))
    .get('/markets/live-activity/:conditionId', ({ params }) => {
      const market = exchange.market(params.conditionId);
      if (!market) return errorReply(404, 'market not found');
      const events = exchange.trades
        .filter((t) => t.market === market)
        .slice(-100)
        .reverse()
        .map((t) => ({
          event_type: 'trade',
          market: { condition_id: market.conditionId, asset_id: t.tokenId, question: market.question, icon: '', slug: market.slug },
          user: { address: t.takerMakerAddress, username: '', profile_picture: '', optimized_profile_picture: '', pseudonym: '' },
          side: t.side,
          size: formatMicros(t.sizeMicros),
          fee_rate_bps: String(t.feeRateBps),
          price: formatMicros(t.priceMicros),
          outcome: t.outcome,
          outcome_index: market.tokens.findIndex((token) => token.tokenId === t.tokenId),
          transaction_hash: t.transactionHash,
          timestamp: new Date(t.matchTimeMs).toISOString(),
        }));
      return json(200, events);
    });
}
