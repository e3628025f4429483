import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { listNotifications } from './list.ts';
import { postMarkAllNotificationsRead } from './mark-all-read.ts';
import { postMarkNotificationRead } from './mark-read.ts';

/** The in-app notification list. */
export function notificationRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'notifications'>) {
  return new Elysia({ name: 'routes.notifications', seed: deps.auth })
    .use(listNotifications(deps))
    .use(postMarkAllNotificationsRead(deps))
    .use(postMarkNotificationRead(deps));
}
