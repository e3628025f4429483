import { Elysia } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { notificationDetail, notificationIdParams, notificationSchema, notificationView } from './notification-schema.ts';

/** Marks one notification read (marking it again keeps the first time). */
export function postMarkNotificationRead(deps: Pick<ApiDeps, 'auth' | 'clock' | 'notifications'>) {
  return new Elysia({ name: 'routes.notifications.read', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/notifications/:id/read',
    async ({ session, params }) => notificationView(await deps.notifications.markRead(session.user.id, params.id)),
    {
      signedIn: true,
      params: notificationIdParams,
      detail: notificationDetail('Mark a notification read'),
      response: { 200: notificationSchema },
    },
  );
}
