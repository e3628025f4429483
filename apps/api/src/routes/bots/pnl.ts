import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

const micros = (description: string) => t.Integer({ description });

const pnlSummarySchema = t.Object({
  botId: t.String(),
  startingBalanceMicros: micros('Starting paper balance.'),
  balanceMicros: micros('Paper cash now.'),
  positionsValueMicros: micros('Open positions at their marks.'),
  equityMicros: micros('Cash + positions.'),
  realizedPnlMicros: micros('Closed and settled P&L, liquidation sales included (= tradingRealizedPnlMicros + liquidationPnlMicros).'),
  tradingRealizedPnlMicros: micros('Realized P&L of the bot\'s own trading and settlements: liquidation sales excluded.'),
  liquidationPnlMicros: micros('Realized P&L of "close all positions" sales, kept apart from trading P&L.'),
  unrealizedPnlMicros: micros('Open positions at their marks minus cost basis.'),
  totalPnlMicros: micros('Equity − starting balance = realized + unrealized.'),
  feesPaidMicros: micros('Fees paid so far.'),
  dailyPnlMicros: micros("Today's (UTC) P&L at the last marks."),
  executedTrades: t.Integer(),
  rejectedTrades: t.Integer(),
  liquidationSales: t.Integer({ description: 'Executed "close all positions" sales (not counted in executedTrades).' }),
});

/** A bot's P&L at its last marks. */
export function getBotPnl(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.pnl', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/pnl',
    async ({ session, params }) => deps.bots.queries.pnlSummary(session.user.id, params.id),
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail("A bot's P&L summary"),
      response: { 200: pnlSummarySchema },
    },
  );
}
