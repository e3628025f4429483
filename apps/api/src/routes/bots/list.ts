import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botSchema } from './bot-schemas.ts';
import { botView } from './bot-view.ts';
import { botDetail } from './detail.ts';

/** The caller's bots (deleted ones are gone). */
export function listBots(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.list', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots',
    async ({ session }) => ({ items: (await deps.bots.service.list(session.user.id)).map(botView) }),
    {
      signedIn: true,
      detail: botDetail("The caller's bots"),
      response: { 200: t.Object({ items: t.Array(botSchema) }) },
    },
  );
}
