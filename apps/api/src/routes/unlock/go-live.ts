import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema, botSchema } from '../bots/bot-schemas.ts';
import { botView } from '../bots/bot-view.ts';
import { requestFacts, unlockDetail } from './request-facts.ts';

/**
 * Explicit activation: with a fresh session, an unlocked paper bot gets its live copy (the paper bot
 * stays paper). Refusals: 401 `fresh_auth_required`, 409 `not_unlocked` (`details.unmet`), 409
 * `already_live` (`details.liveBotId`). Every step is audited.
 */
export function postGoLive(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'unlock' | 'requestCountry' | 'bots'>) {
  return new Elysia({ name: 'routes.unlock.go-live', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/bots/:id/go-live',
    async ({ session, params, body, request, set }) => {
      const { meta, country } = requestFacts(deps, request);
      const activation = await deps.unlock.goLive.goLive(session.user.id, params.id, body?.name === undefined ? {} : { name: body.name }, country, meta);
      const live = await deps.bots.service.get(session.user.id, activation.liveBotId);
      set.status = 201;
      return { activationId: activation.activationId, paperBotId: activation.paperBotId, activatedAt: activation.activatedAt.toISOString(), bot: botView(live) };
    },
    {
      freshAuth: true,
      params: botIdParamsSchema,
      body: t.Optional(t.Object({ name: t.Optional(t.String({ minLength: 1, maxLength: 100, description: 'Name of the live bot; default "<paper bot name> (live)".' })) }, { additionalProperties: false })),
      detail: unlockDetail(
        'Go live: create the live bot of an unlocked paper bot (fresh session required)',
        'Creates the live copy of a paper bot whose every unlock requirement holds (the paper bot stays paper). 401 `fresh_auth_required`; 409 `not_unlocked` (`details.unmet`); 409 `already_live` (`details.liveBotId`). Audited.',
      ),
      response: { 201: t.Object({ activationId: t.String(), paperBotId: t.String(), activatedAt: t.String({ format: 'date-time' }), bot: botSchema }) },
    },
  );
}
