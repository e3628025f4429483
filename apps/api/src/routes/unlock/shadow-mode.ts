import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from '../bots/bot-schemas.ts';
import { requestFacts, unlockDetail } from './request-facts.ts';

const bodySchema = t.Object(
  { enabled: t.Boolean({ description: 'true: live orders at the market’s minimum size with the full-size fill on paper beside each; false: full-size live orders again.' }) },
  { additionalProperties: false },
);

/**
 * Shadow trading on or off for a live bot (issue 20): the same gates as going live — a fresh session
 * and every unlock requirement holding now — in both directions, since either way real orders go
 * out. Refusals: 401 `fresh_auth_required`, 404, 409 `not_live`, 409 `not_unlocked` (`details.unmet`).
 * Audited (`bot.shadow_mode.requested` / `refused` / `enabled` / `disabled`).
 */
export function putShadowMode(deps: Pick<ApiDeps, 'auth' | 'clock' | 'unlock' | 'requestCountry'>) {
  return new Elysia({ name: 'routes.unlock.shadow-mode', seed: deps.auth }).use(authGuard(deps)).put(
    '/api/v1/bots/:id/shadow-mode',
    async ({ session, params, body, request }) => {
      const { meta, country } = requestFacts(deps, request);
      const result = await deps.unlock.goLive.setShadowMode(session.user.id, params.id, body.enabled, country, meta);
      return { botId: result.botId, shadowMode: result.shadowMode, changed: result.changed, at: result.at.toISOString() };
    },
    {
      freshAuth: true,
      params: botIdParamsSchema,
      body: bodySchema,
      detail: unlockDetail(
        'Shadow trading on or off for a live bot (fresh session required)',
        'Example: `PUT /api/v1/bots/bot_123/shadow-mode` with `{"enabled": true}` → `{"botId":"bot_123","shadowMode":true,"changed":true,"at":"2026-06-10T12:00:00.000Z"}`. In shadow mode each decision of the live bot goes live as a fill-or-kill order at the market’s minimum size (every live risk check judges that size) while the decision’s full-size fill, computed by the paper engine on the same order book, is recorded as a paper trade beside it; `GET /api/v1/bots/:id/shadow-report` compares them. Same gates as going live, both ways: 401 `fresh_auth_required`; 404 for another user’s bot; 409 `not_live` for a paper bot (go live first); 409 `not_unlocked` (`details.unmet`) when a live requirement no longer holds. Audited.',
      ),
      response: { 200: t.Object({ botId: t.String(), shadowMode: t.Boolean(), changed: t.Boolean({ description: 'false when the bot already was in that mode.' }), at: t.String({ format: 'date-time' }) }) },
    },
  );
}
