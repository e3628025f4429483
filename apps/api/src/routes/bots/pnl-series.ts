import type { SeriesRequest } from '@polymancer/bots';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';
import { timeBound } from './query-params.ts';

const pointSchema = t.Object({
  at: t.String({ format: 'date-time' }),
  balanceMicros: t.Integer(),
  positionsValueMicros: t.Integer(),
  equityMicros: t.Integer(),
  realizedPnlMicros: t.Integer(),
  unrealizedPnlMicros: t.Integer(),
});

const querySchema = t.Object({
  from: t.Optional(timeBound('Only points at or after this time (ISO-8601).')),
  to: t.Optional(timeBound('Only points before this time (ISO-8601).')),
  limit: t.Optional(t.Integer({ description: 'The latest this many points of the range, 1–5000; default 500.' })),
});

function seriesRequest(q: typeof querySchema.static): SeriesRequest {
  return {
    ...(q.from === undefined ? {} : { from: new Date(q.from) }),
    ...(q.to === undefined ? {} : { to: new Date(q.to) }),
    ...(q.limit === undefined ? {} : { limit: q.limit }),
  };
}

/** A bot's equity over time, one point per tick that changed it, oldest first: for charts. */
export function getBotPnlSeries(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.pnl-series', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/pnl/series',
    async ({ session, params, query }) => {
      const points = await deps.bots.queries.pnlSeries(session.user.id, params.id, seriesRequest(query));
      return { points: points.map((p) => ({ ...p, at: p.at.toISOString() })) };
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      query: querySchema,
      detail: botDetail("A bot's P&L time series", '422 `validation_failed` for a bad range or limit.'),
      response: { 200: t.Object({ points: t.Array(pointSchema, { description: 'Oldest first.' }) }) },
    },
  );
}
