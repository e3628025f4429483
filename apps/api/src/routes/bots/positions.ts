import type { PositionView } from '@polymancer/bots';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

const nullableInt = (description: string) => t.Union([t.Integer({ description }), t.Null()]);

const positionSchema = t.Object({
  tokenId: t.String(),
  conditionId: t.String(),
  outcome: t.String({ description: 'The outcome label, e.g. "Yes".' }),
  sharesMicros: t.Integer({ description: 'Shares held, in micros (1 share = 1000000).' }),
  costBasisMicros: t.Integer(),
  averageEntryPriceMicros: nullableInt('Cost basis per share, micro-dollars; null with no shares.'),
  markPriceMicros: nullableInt('The last midpoint seen (or the settlement price).'),
  marketValueMicros: t.Integer({ description: 'Shares at the mark (cost basis before any mark).' }),
  unrealizedPnlMicros: t.Integer(),
  realizedPnlMicros: t.Integer(),
  feesPaidMicros: t.Integer(),
  settledAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
  settlementPriceMicros: nullableInt('1000000 for the winning outcome, 0 for a losing one.'),
});

function positionView(p: PositionView) {
  return { ...p, settledAt: p.settledAt === null ? null : p.settledAt.toISOString() };
}

/** A bot's positions per outcome token, marked to the midpoint. */
export function listBotPositions(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.positions', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/positions',
    async ({ session, params }) => ({ items: (await deps.bots.queries.positions(session.user.id, params.id)).map(positionView) }),
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail("A bot's positions with average entry, mark and P&L"),
      response: { 200: t.Object({ items: t.Array(positionSchema) }) },
    },
  );
}
