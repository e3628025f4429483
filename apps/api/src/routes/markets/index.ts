/**
 * Markets of the configured venue (`ApiDeps.markets`: Gamma + CLOB over HTTP, cached), so a user can
 * find a condition id and its outcome token ids before creating a bot. Signed-in users only.
 */
import { InfrastructureError, NotFoundError, RateLimitedError } from '@polymancer/core';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { createDistinctPerUserLimiter } from '../../http/distinct-per-user-limiter.ts';
import { conditionIdParamsSchema, marketDetailSchema, marketDetailView, marketPageSchema, marketView } from './market-schema.ts';

const security = [{ bearer: [] }, { cookie: [] }];
const units = 'Prices in micro-dollars per share (0.53 → 530000), sizes in share micros (1 share = 1000000).';

function directoryOf(deps: Pick<ApiDeps, 'markets'>) {
  if (deps.markets === undefined) throw new InfrastructureError('No market venue is configured for this API', { retryable: false });
  return deps.markets;
}

/** Distinct search texts one user may send to the venue per minute (repeats and paging are free). */
export const MARKET_SEARCHES_PER_MINUTE = 20;

const listQuery = t.Object({
  search: t.Optional(t.String({ maxLength: 200, description: "Text to find with the venue's own search (Polymarket's Gamma `/public-search`): open markets by default, closed ones with `closed=true`." })),
  closed: t.Optional(t.Boolean({ description: 'true = closed markets; default open ones. Applies with and without `search`.' })),
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 100, description: 'Page size, 1–100; default 20.' })),
  offset: t.Optional(t.Integer({ minimum: 0, maximum: 10_000, description: '`nextOffset` of the previous page; default 0.' })),
});

export function marketRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'markets'>) {
  const searches = createDistinctPerUserLimiter({ clock: deps.clock, windowMs: 60_000, max: MARKET_SEARCHES_PER_MINUTE });
  return new Elysia({ name: 'routes.markets', seed: deps.auth })
    .use(authGuard(deps))
    .get(
      '/api/v1/markets',
      async ({ query, session }) => {
        const search = query.search?.trim().toLowerCase() ?? '';
        if (search !== '') {
          const retryAfterSecs = searches.take(session.user.id, JSON.stringify([search, query.closed ?? false]));
          if (retryAfterSecs !== undefined) {
            throw new RateLimitedError(`More than ${MARKET_SEARCHES_PER_MINUTE} different market searches in a minute; try again in ${retryAfterSecs} s`, {
              details: { retryAfterSecs, searchesPerMinute: MARKET_SEARCHES_PER_MINUTE },
            });
          }
        }
        const page = await directoryOf(deps).list({ search: query.search, closed: query.closed, limit: query.limit ?? 20, offset: query.offset ?? 0 });
        return { items: page.items.map(marketView), nextOffset: page.nextOffset };
      },
      {
        signedIn: true,
        query: listQuery,
        detail: {
          summary: 'Find markets',
          description: `Markets of the configured venue (Polymarket, or the local exchange), open ones by default (\`closed=true\`: closed ones), in the venue's order. Each lists its outcomes with the token ids a bot trades. \`search\` goes to the venue's own search (Gamma \`/public-search\`, which matches events and returns their markets, most relevant first), paging through at most 5 pages of 50 events per search: a market past the first 250 matching events is not found (narrow the text). Without \`search\`, the venue's market list is paged directly. Answers are cached for a few seconds. Each user may send ${MARKET_SEARCHES_PER_MINUTE} different search texts a minute (repeating one, or paging through it, is free): 429 \`rate_limited\` with \`details.retryAfterSecs\` beyond that. ${units} 503 \`infrastructure_unavailable\` when the venue cannot be reached.`,
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
