import { Elysia } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema, botSchema } from './bot-schemas.ts';
import { botView } from './bot-view.ts';
import { botDetail } from './detail.ts';

/** Stops a bot ticking; pausing a paused bot changes nothing. Audited `bot.paused`. */
export function postPauseBot(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.pause', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/bots/:id/pause',
    async ({ session, params }) => botView(await deps.bots.service.pause(session.user.id, params.id)),
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail('Pause a bot'),
      response: { 200: botSchema },
    },
  );
}
