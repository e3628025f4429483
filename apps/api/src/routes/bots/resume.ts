import { Elysia } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema, botSchema } from './bot-schemas.ts';
import { botView } from './bot-view.ts';
import { botDetail } from './detail.ts';

/** Lets a bot tick again on its schedule; resuming an active bot changes nothing. Audited `bot.resumed`. */
export function postResumeBot(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.resume', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/bots/:id/resume',
    async ({ session, params }) => botView(await deps.bots.service.resume(session.user.id, params.id)),
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail('Resume a bot'),
      response: { 200: botSchema },
    },
  );
}
