import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

/** Soft delete, on a fresh session: the bot disappears for its owner; its trade history is kept for retention. Audited `bot.deleted`. */
export function deleteBot(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.delete', seed: deps.auth }).use(authGuard(deps)).delete(
    '/api/v1/bots/:id',
    async ({ session, params, set }) => {
      await deps.bots.service.delete(session.user.id, params.id);
      set.status = 204;
      return undefined;
    },
    {
      // Deleting is not undoable from the app: it needs a fresh session (401 `fresh_auth_required` otherwise).
      freshAuth: true,
      params: botIdParamsSchema,
      detail: botDetail(
        'Delete a bot (its trade history is kept)',
        'Needs a fresh session: 401 `fresh_auth_required` (re-authenticate at POST /api/v1/session/reauthenticate) when the password was last proven more than FRESH_AUTH_WINDOW_SECS ago.',
      ),
      response: { 204: t.Void() },
    },
  );
}
