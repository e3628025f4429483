import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

const issueSchema = t.Object({
  code: t.String({ description: 'fee_below_platform_minimum | market_impact_cap_above_platform_maximum | price_movement_cap_above_platform_maximum | synthetic_market' }),
  message: t.String(),
});

const progressSchema = t.Object({
  botId: t.String(),
  firstQualifyingTradeAt: t.Union([t.String({ format: 'date-time' }), t.Null()], { description: 'When this bot’s first trade that counts toward unlock executed.' }),
  paperTradingMs: t.Integer({ description: 'Time since this bot’s first qualifying paper trade (0 before it).' }),
  qualifyingPaperTrades: t.Integer({
    description: 'This bot’s OWN executed paper trades made under the platform’s paper rules (not the user’s count across bots; settlements excluded).',
  }),
  nonQualifyingPaperTrades: t.Integer({ description: 'Executed paper trades that do not count: made under settings looser than the platform allows.' }),
  requiredPaperTradingMs: t.Integer({ description: '24 hours.' }),
  requiredPaperTrades: t.Integer({ description: '10 trades.' }),
  paperRecordMet: t.Boolean({ description: 'Both requirements met.' }),
  settingsCountTowardUnlock: t.Boolean({ description: 'Whether trades made under the bot’s current settings count.' }),
  settingsIssues: t.Array(issueSchema, { description: 'Why trades made under the current settings would not count.' }),
});

/**
 * How far a bot is along the paper record the unlock path requires (the rule lives in core
 * `paperRecordStatus` and the bots service's `paperRecord`; this route only renders it).
 */
export function getBotUnlockProgress(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.unlock-progress', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/unlock-progress',
    async ({ session, params }) => {
      const p = await deps.bots.queries.paperRecord(session.user.id, params.id);
      return {
        botId: p.botId,
        firstQualifyingTradeAt: p.firstQualifyingTradeAt === null ? null : p.firstQualifyingTradeAt.toISOString(),
        paperTradingMs: p.paperTradingMs,
        qualifyingPaperTrades: p.qualifyingTrades,
        nonQualifyingPaperTrades: p.nonQualifyingTrades,
        requiredPaperTradingMs: p.requiredPaperTradingMs,
        requiredPaperTrades: p.requiredPaperTrades,
        paperRecordMet: p.met,
        settingsCountTowardUnlock: p.settingsIssues.length === 0,
        settingsIssues: p.settingsIssues.map((i) => ({ code: i.code, message: i.message })),
      };
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail("A bot's paper record toward the live unlock", 'Only trades made under the platform’s paper rules count (fee ≥ the market’s or 2 % flat, market impact cap ≤ 10 %, price movement cap ≤ 1 %, the real venue’s markets where real money is configured).'),
      response: { 200: progressSchema },
    },
  );
}
