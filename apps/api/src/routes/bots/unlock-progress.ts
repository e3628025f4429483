import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

// The paper record the unlock path asks of a bot before it may go live (issue 12 → the unlock issue).
export const REQUIRED_PAPER_TRADING_MS = 24 * 60 * 60 * 1000;
export const REQUIRED_PAPER_TRADES = 10;

const progressSchema = t.Object({
  botId: t.String(),
  firstPaperTradeAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
  paperTradingMs: t.Integer({ description: 'Time since this bot’s first paper trade (0 before it).' }),
  executedPaperTrades: t.Integer({ description: 'This bot’s OWN executed paper trades (not the user’s count across bots; settlements excluded).' }),
  requiredPaperTradingMs: t.Integer({ description: '24 hours.' }),
  requiredPaperTrades: t.Integer({ description: '10 trades.' }),
  paperRecordMet: t.Boolean({ description: 'Both requirements met.' }),
});

/** How far a bot is along the paper record the unlock path requires: 24 h since its first paper trade and 10 of its own trades. */
export function getBotUnlockProgress(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.unlock-progress', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/unlock-progress',
    async ({ session, params }) => {
      const p = await deps.bots.queries.unlockProgress(session.user.id, params.id);
      return {
        botId: p.botId,
        firstPaperTradeAt: p.firstPaperTradeAt === null ? null : p.firstPaperTradeAt.toISOString(),
        paperTradingMs: p.paperTradingMs,
        executedPaperTrades: p.executedPaperTrades,
        requiredPaperTradingMs: REQUIRED_PAPER_TRADING_MS,
        requiredPaperTrades: REQUIRED_PAPER_TRADES,
        paperRecordMet: p.paperTradingMs >= REQUIRED_PAPER_TRADING_MS && p.executedPaperTrades >= REQUIRED_PAPER_TRADES,
      };
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail("A bot's paper record toward the live unlock"),
      response: { 200: progressSchema },
    },
  );
}
