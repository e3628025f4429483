/**
 * `notify(userId, kind, data)`: what other services call to tell a user something. The
 * notification is rendered from its kind's template, written with its outbox rows in one
 * transaction (so once `notify` returns, nothing loses it), and its delivery is asked for at once;
 * the sender job delivers it (see `sender.ts`). Also the in-app list: list, mark read.
 */
import { newId, NotFoundError, ValidationError, type Clock } from '@polymancer/core';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DeliveryQueue, NewDelivery, NotificationRecord, NotificationStore } from './ports.ts';
import { templates, type NotificationKind, type NotificationKinds } from './templates/index.ts';

export interface NotificationServiceDeps {
  readonly store: NotificationStore;
  readonly clock: Clock;
  /** Kicks the sender at once; without it, deliveries wait for the sender's sweep. */
  readonly queue?: DeliveryQueue | undefined;
  /** Right-hand side of every Message-ID (`<dlv_…@domain>`); the sender's mail domain. */
  readonly messageIdDomain: string;
}

export interface NotificationPage {
  readonly items: readonly NotificationRecord[];
  readonly nextCursor: string | null;
  readonly unreadCount: number;
}

export interface ListNotificationsInput {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  readonly unreadOnly?: boolean | undefined;
}

export interface NotificationService {
  /** Records a notification for `userId` and queues its email when its kind is emailed. */
  notify<K extends NotificationKind>(userId: string, kind: K, data: NotificationKinds[K]): Promise<{ readonly id: string }>;
  list(userId: string, input?: ListNotificationsInput): Promise<NotificationPage>;
  markRead(userId: string, notificationId: string): Promise<NotificationRecord>;
  markAllRead(userId: string): Promise<{ readonly marked: number }>;
}

export const emailSignature = '\n\n— Polymancer';

export function createNotificationService(deps: NotificationServiceDeps): NotificationService {
  const { store, clock } = deps;
  return {
    async notify(userId, kind, data) {
      const recipient = await store.emailOf(userId);
      if (recipient === null) throw new NotFoundError('User', { details: { userId } });
      const kindTemplate = templates[kind] as { email: boolean; render(d: NotificationKinds[typeof kind]): { title: string; body: string } };
      const rendered = kindTemplate.render(data);
      const notification: NotificationRecord = {
        id: newId('notification'),
        userId,
        kind,
        title: rendered.title,
        body: rendered.body,
        data: data as Readonly<Record<string, unknown>>,
        createdAt: clock.now(),
        readAt: null,
      };
      const deliveries: NewDelivery[] = [];
      if (kindTemplate.email) {
        const id = newId('delivery');
        deliveries.push({ id, channel: 'email', subject: rendered.title, body: `${rendered.body}${emailSignature}`, messageId: `<${id}@${deps.messageIdDomain}>` });
      }
      await store.insert(notification, deliveries, recipient);
      for (const delivery of deliveries) await deps.queue?.enqueue(delivery.id);
      return { id: notification.id };
    },

    async list(userId, input = {}) {
      const limit = input.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new ValidationError('The query is invalid', { details: { in: 'query', issues: [{ path: 'limit', message: 'must be an integer from 1 to 100' }] } });
      }
      const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
      if (input.cursor !== undefined && after === undefined) {
        throw new ValidationError('The query is invalid', { details: { in: 'query', issues: [{ path: 'cursor', message: 'is not a cursor this API returned' }] } });
      }
      const unreadOnly = input.unreadOnly ?? false;
      const rows = await store.listForUser(userId, { limit: limit + 1, unreadOnly, ...(after === undefined ? {} : { after }) });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null, unreadCount: await store.countUnread(userId) };
    },

    async markRead(userId, notificationId) {
      const row = await store.markRead(userId, notificationId, clock.now());
      if (row === undefined) throw new NotFoundError('Notification', { details: { notificationId } });
      return row;
    },

    async markAllRead(userId) {
      return { marked: await store.markAllRead(userId, clock.now()) };
    },
  };
}
