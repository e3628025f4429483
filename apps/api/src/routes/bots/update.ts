import { PolymancerError } from '@polymancer/core';
import { Elysia } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema, botSchema, updateBotBodySchema } from './bot-schemas.ts';
import { botView } from './bot-view.ts';
import { parseJsonKeepingRaw, rawBodyOf } from './raw-body.ts';
import { botDetail } from './detail.ts';

class InvalidIfMatchError extends PolymancerError {
  readonly code = 'bad_request';
  constructor(value: string) {
    super('If-Match must be the version of the bot as read (a whole number, e.g. If-Match: 3 or If-Match: "3")', { details: { in: 'headers', header: 'if-match', value: value.slice(0, 100) } });
  }
}

/**
 * `If-Match: 3`, `"3"` or `W/"3"` → version 3; no header → no precondition. Anything else is a 400:
 * a client that meant to guard its edit must not have it applied unguarded.
 */
function expectedVersionOf(header: string | null): { expectedVersion?: number } {
  if (header === null) return {};
  const m = /^\s*(?:W\/)?("?)(\d{1,9})\1\s*$/.exec(header);
  if (m === null) throw new InvalidIfMatchError(header);
  return { expectedVersion: Number(m[2]) };
}

/**
 * Changes some settings; `risk` and `realism` merge field by field; never the status. Audited
 * `bot.updated`. An edit that raced another edit, or whose `If-Match` version is stale, is 409.
 */
export function patchBot(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.update', seed: deps.auth }).use(authGuard(deps)).patch(
    '/api/v1/bots/:id',
    async ({ request, session, params, body }) =>
      botView(await deps.bots.service.update(session.user.id, params.id, rawBodyOf(request, body), expectedVersionOf(request.headers.get('if-match')))),
    {
      signedIn: true,
      // The named 'json' parser never runs (ours always answers); it tells the OpenAPI document the body is JSON.
      parse: [parseJsonKeepingRaw, 'json'],
      params: botIdParamsSchema,
      body: updateBotBodySchema,
      detail: botDetail(
        "Change a bot's settings",
        '422 `validation_failed` with `details.issues` per field (the starting balance cannot change once the bot has traded); 422 `llm_strategy_unavailable` when switching to an LLM strategy without an OpenRouter key; 409 `conflict` when the bot was edited since it was read (optimistic concurrency on its `version`; send `If-Match: <version>` to make the check explicit); 400 `bad_request` when `If-Match` is not a version (`details.header`). An edit never changes the status.',
      ),
      response: { 200: botSchema },
    },
  );
}
