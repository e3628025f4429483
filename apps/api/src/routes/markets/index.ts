/**
 * Markets of the configured venue (`ApiDeps.markets`: Gamma + CLOB over HTTP, cached), so a user can
 * find a condition id and its outcome token ids before creating a bot. Signed-in users only.
 */
import { InfrastructureError, NotFoundError } from '@polymancer/core';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { conditionIdParamsSchema, marketDetailSchema, marketDetailView, marketPageSchema, marketView } from './market-schema.ts';

const security = [{ bearer: [] }, { cookie: [] }];
const units = 'Prices in micro-dollars per share (0.53 → 530000), sizes in share micros (1 share = 1000000).';

function directoryOf(deps: Pick<ApiDeps, 'markets'>) {
  if (deps.markets === undefined) throw new InfrastructureError('No market venue is configured for this API', { retryable: false });
  return deps.markets;
}

const listQuery = t.Object({
  search: t.Optional(t.String({ maxLength: 200, description: 'Open markets whose question or slug contains this text (case-insensitive).' })),
  closed: t.Optional(t.Boolean({ description: 'true = closed markets; default open ones.' })),
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 100, description: 'Page size, 1–100; default 20.' })),
  offset: t.Optional(t.Integer({ minimum: 0, maximum: 10_000, description: '`nextOffset` of the previous page; default 0.' })),
});

export function marketRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'markets'>) {
  return new Elysia({ name: 'routes.markets', seed: deps.auth })
    .use(authGuard(deps))
    .get(
      '/api/v1/markets',
      async ({ query }) => {
        const page = await directoryOf(deps).list({ search: query.search, closed: query.closed, limit: query.limit ?? 20, offset: query.offset ?? 0 });
        return { items: page.items.map(marketView), nextOffset: page.nextOffset };
      },
      {
        signedIn: true,
        query: listQuery,
        detail: {
          summary: 'Find markets',
          description: `Markets of the configured venue (Polymarket, or the local exchange), open ones by default, in the venue's order; \`search\` filters by question or slug. Each lists its outcomes with the token ids a bot trades. Cached for a few seconds. ${units} 503 \`infrastructure_unavailable\` when the venue cannot be reached.`,
          tags: ['markets'],
          security,
        },
        response: { 200: marketPageSchema },
      },
    )
    .get(
      '/api/v1/markets/:conditionId',
      async ({ params }) => {
        const detail = await directoryOf(deps).detail(params.conditionId);
        if (detail === undefined) throw new NotFoundError('Market');
        return marketDetailView(detail);
      },
      {
        signedIn: true,
        params: conditionIdParamsSchema,
        detail: {
          summary: 'One market in full',
          description: `A market with its outcomes and token ids, tick size, minimum order size, the fee schedule the exchange charges, and a summary of each outcome's order book (best bid and ask, midpoint, depth). Cached for about 2 s. ${units} 404 \`not_found\` when the venue does not list the condition id.`,
          tags: ['markets'],
          security,
        },
        response: { 200: marketDetailSchema },
      },
    );
}
