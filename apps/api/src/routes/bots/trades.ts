import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { tradeFilter, tradeFilterFields, tradePageSchema, tradePageView } from '../trades/trade-schema.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

/** One bot's trades (and rejections, each with its code and reason), newest first, paginated by cursor. */
export function listBotTrades(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.trades', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/trades',
    async ({ session, params, query }) => tradePageView(await deps.bots.queries.trades(session.user.id, tradeFilter(query, params.id))),
    {
      signedIn: true,
      params: botIdParamsSchema,
      query: t.Object(tradeFilterFields),
      detail: botDetail("A bot's trade log", '422 `validation_failed` for a bad filter, limit or cursor.'),
      response: { 200: tradePageSchema },
    },
  );
}
