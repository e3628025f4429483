import { Elysia } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botSchema, createBotBodySchema } from './bot-schemas.ts';
import { botView } from './bot-view.ts';
import { parseJsonKeepingRaw, rawBodyOf } from './raw-body.ts';
import { botDetail } from './detail.ts';

/** Creates a paper bot, paused, with its paper balance at its starting balance. Audited `bot.created`. */
export function postBot(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.create', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/bots',
    async ({ request, session, body, set }) => {
      const bot = await deps.bots.service.create(session.user.id, rawBodyOf(request, body));
      set.status = 201;
      return botView(bot);
    },
    {
      signedIn: true,
      // The named 'json' parser never runs (ours always answers); it tells the OpenAPI document the body is JSON.
      parse: [parseJsonKeepingRaw, 'json'],
      body: createBotBodySchema,
      detail: botDetail('Create a paper bot (starts paused)', 'Each watched market names its outcomes by token id (`tokenIds`) or by name (`{ "conditionId": "0x…", "outcome": "Yes" }`), resolved through the venue\'s market catalogue. 422 `validation_failed` with `details.issues` per field (an unknown condition id at `markets.N.conditionId`, an unknown outcome name at `markets.N.outcome`); 422 `llm_strategy_unavailable` for an LLM bot when no OpenRouter key is configured; 409 `bot_quota_exceeded` when the user already has MAX_BOTS_PER_USER bots.'),
      response: { 201: botSchema },
    },
  );
}
