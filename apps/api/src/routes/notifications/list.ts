import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { notificationDetail, notificationSchema, notificationView } from './notification-schema.ts';

/** The caller's notifications, newest first, with the unread count. */
export function listNotifications(deps: Pick<ApiDeps, 'auth' | 'clock' | 'notifications'>) {
  return new Elysia({ name: 'routes.notifications.list', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/notifications',
    async ({ session, query }) => {
      const page = await deps.notifications.list(session.user.id, {
        limit: query.limit,
        cursor: query.cursor,
        unreadOnly: query.unread === 'true',
      });
      return { items: page.items.map(notificationView), nextCursor: page.nextCursor, unreadCount: page.unreadCount };
    },
    {
      signedIn: true,
      query: t.Object({
        unread: t.Optional(t.Union([t.Literal('true'), t.Literal('false')], { description: '`true`: only unread ones.' })),
        limit: t.Optional(t.Integer({ description: 'Page size, 1–100; default 50.' })),
        cursor: t.Optional(t.String({ minLength: 1, maxLength: 200, description: '`nextCursor` of the previous page.' })),
      }),
      detail: notificationDetail("The caller's notifications, newest first", '422 `validation_failed` for a bad limit or cursor.'),
      response: {
        200: t.Object({
          items: t.Array(notificationSchema),
          nextCursor: t.Union([t.String(), t.Null()], { description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
          unreadCount: t.Integer(),
        }),
      },
    },
  );
}
