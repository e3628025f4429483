import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { notificationDetail } from './notification-schema.ts';

/** Marks every unread notification of the caller read. */
export function postMarkAllNotificationsRead(deps: Pick<ApiDeps, 'auth' | 'clock' | 'notifications'>) {
  return new Elysia({ name: 'routes.notifications.read-all', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/notifications/read-all',
    async ({ session }) => deps.notifications.markAllRead(session.user.id),
    {
      signedIn: true,
      detail: notificationDetail('Mark all notifications read'),
      response: { 200: t.Object({ marked: t.Integer({ description: 'How many were unread.' }) }) },
    },
  );
}
