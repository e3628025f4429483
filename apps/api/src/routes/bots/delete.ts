import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

/** Soft delete: the bot disappears for its owner; its trade history is kept for retention. Audited `bot.deleted`. */
export function deleteBot(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.delete', seed: deps.auth }).use(authGuard(deps)).delete(
    '/api/v1/bots/:id',
    async ({ session, params, set }) => {
      await deps.bots.service.delete(session.user.id, params.id);
      set.status = 204;
      return undefined;
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail('Delete a bot (its trade history is kept)'),
      response: { 204: t.Void() },
    },
  );
}
