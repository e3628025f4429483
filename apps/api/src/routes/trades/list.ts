import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botDetail } from '../bots/detail.ts';
import { tradeFilter, tradeFilterFields, tradePageSchema, tradePageView } from './trade-schema.ts';

/** Every trade of the caller's bots, newest first, filtered and paginated by cursor. */
export function listTrades(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.trades.list', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/trades',
    async ({ session, query }) => tradePageView(await deps.bots.queries.trades(session.user.id, tradeFilter(query, query.botId))),
    {
      signedIn: true,
      query: t.Object({ botId: t.Optional(t.String({ minLength: 1, maxLength: 64, description: 'Only this bot (404 if it is not yours).' })), ...tradeFilterFields }),
      detail: botDetail("The caller's trades across bots", '422 `validation_failed` for a bad filter, limit or cursor.'),
      response: { 200: tradePageSchema },
    },
  );
}
