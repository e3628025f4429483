import { Elysia } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema, botSchema } from './bot-schemas.ts';
import { botView } from './bot-view.ts';
import { botDetail } from './detail.ts';

export function getBot(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.get', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id',
    async ({ session, params }) => botView(await deps.bots.service.get(session.user.id, params.id)),
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail('One bot'),
      response: { 200: botSchema },
    },
  );
}
