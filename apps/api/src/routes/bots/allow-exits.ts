import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

const allowExitsBodySchema = t.Object(
  { allow: t.Boolean({ description: 'true: the stopped bot may make risk-reducing sells (never buys) until the stop lifts; false: it holds again.' }) },
  { additionalProperties: false },
);

const dailyLossStopSchema = t.Object({
  botId: t.String(),
  utcDay: t.String({ description: 'The UTC day (YYYY-MM-DD) the stop holds for.' }),
  exitsAllowed: t.Boolean(),
  resumesAt: t.String({ description: 'The next UTC midnight, when the stop lifts by itself (ISO-8601).' }),
});

/**
 * The owner's answer to a daily-loss hard stop (issue 16): the stop itself cannot be lifted before
 * the next UTC day, but the owner may let the bot get out of its positions meanwhile. Audited.
 */
export function putAllowExitsWhileStopped(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.allow-exits', seed: deps.auth }).use(authGuard(deps)).put(
    '/api/v1/bots/:id/allow-exits-while-stopped',
    async ({ session, params, body }) => {
      const stop = await deps.bots.service.allowExitsWhileStopped(session.user.id, params.id, body.allow);
      return { ...stop, resumesAt: stop.resumesAt.toISOString() };
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      body: allowExitsBodySchema,
      detail: botDetail(
        'Allow risk-reducing sells while the daily loss limit stops the bot',
        'Example: `PUT /api/v1/bots/bot_123/allow-exits-while-stopped` with `{"allow": true}` → `{"botId":"bot_123","utcDay":"2026-06-10","exitsAllowed":true,"resumesAt":"2026-06-11T00:00:00.000Z"}`. A bot whose loss over the UTC day reached its `dailyLossLimitMicros` is stopped until the next UTC midnight (neither resume nor a settings change lifts it); with `allow: true` it may sell what it holds — never buy — until then. 409 `conflict` when the bot is not stopped by its daily loss limit today. Audited `bot.daily_loss_exits_allowed` / `bot.daily_loss_exits_disallowed`.',
      ),
      response: { 200: dailyLossStopSchema },
    },
  );
}
