/**
 * `@polymancer/notify`'s `NotificationStore` on Drizzle: the in-app list and the outbox. The claim
 * is one conditional UPDATE (the row lock serialises racing claimers; the loser re-reads the row,
 * finds it no longer due, and gets nothing), and finishing is fenced on the attempt number.
 */
import type { DeliveryRecord, NotificationRecord, NotificationStore } from '@polymancer/notify';
import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { notificationDeliveries, notifications, users } from '../schema/index.ts';

type NotificationRow = typeof notifications.$inferSelect;
type DeliveryRow = typeof notificationDeliveries.$inferSelect;

function notificationFromRow(row: NotificationRow): NotificationRecord {
  return { id: row.id, userId: row.userId, kind: row.kind, title: row.title, body: row.body, data: row.data, createdAt: row.createdAt, readAt: row.readAt };
}

function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    notificationId: row.notificationId,
    userId: row.userId,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    messageId: row.messageId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    sentAt: row.sentAt,
    lastError: row.lastError,
    createdAt: row.createdAt,
  };
}

export function createNotificationStore(db: Database): NotificationStore {
  const d = notificationDeliveries;
  const n = notifications;
  const due = (now: Date) => and(inArray(d.status, ['pending', 'sending']), lte(d.nextAttemptAt, now));
  return {
    async emailOf(userId) {
      const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
      return row?.email ?? null;
    },

    async insert(notification, deliveries, recipient) {
      await db.transaction(async (tx) => {
        await tx.insert(n).values({ ...notification, data: { ...notification.data } });
        if (deliveries.length === 0) return;
        await tx.insert(d).values(
          deliveries.map((delivery) => ({
            ...delivery,
            notificationId: notification.id,
            userId: notification.userId,
            recipient,
            status: 'pending' as const,
            attempts: 0,
            nextAttemptAt: notification.createdAt,
            createdAt: notification.createdAt,
          })),
        );
      });
    },

    async listForUser(userId, options) {
      const after = options.after;
      const rows = await db
        .select()
        .from(n)
        .where(
          and(
            eq(n.userId, userId),
            options.unreadOnly ? isNull(n.readAt) : undefined,
            after === undefined ? undefined : or(lt(n.createdAt, after.createdAt), and(eq(n.createdAt, after.createdAt), lt(n.id, after.id))),
          ),
        )
        .orderBy(desc(n.createdAt), desc(n.id))
        .limit(options.limit);
      return rows.map(notificationFromRow);
    },

    async countUnread(userId) {
      const [row] = await db.select({ unread: count() }).from(n).where(and(eq(n.userId, userId), isNull(n.readAt)));
      return Number(row?.unread ?? 0);
    },

    async markRead(userId, notificationId, at) {
      const [row] = await db
        .update(n)
        .set({ readAt: sql`coalesce(${n.readAt}, ${at.toISOString()}::timestamptz)` })
        .where(and(eq(n.id, notificationId), eq(n.userId, userId)))
        .returning();
      return row === undefined ? undefined : notificationFromRow(row);
    },

    async markAllRead(userId, at) {
      const rows = await db
        .update(n)
        .set({ readAt: at })
        .where(and(eq(n.userId, userId), isNull(n.readAt)))
        .returning({ id: n.id });
      return rows.length;
    },

    async findDelivery(deliveryId) {
      const [row] = await db.select().from(d).where(eq(d.id, deliveryId)).limit(1);
      return row === undefined ? undefined : deliveryFromRow(row);
    },

    async deliveriesOf(notificationId) {
      const rows = await db.select().from(d).where(eq(d.notificationId, notificationId)).orderBy(asc(d.createdAt), asc(d.id));
      return rows.map(deliveryFromRow);
    },

    async claim(deliveryId, now, claimUntil) {
      const [row] = await db
        .update(d)
        .set({ status: 'sending', attempts: sql`${d.attempts} + 1`, nextAttemptAt: claimUntil })
        .where(and(eq(d.id, deliveryId), due(now)))
        .returning();
      return row === undefined ? undefined : deliveryFromRow(row);
    },

    async finish(deliveryId, attempt, outcome) {
      const fence = and(eq(d.id, deliveryId), eq(d.status, 'sending'), eq(d.attempts, attempt));
      const set =
        outcome.status === 'pending'
          ? { status: 'pending' as const, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error }
          : outcome.status === 'failed'
            ? { status: 'failed' as const, lastError: outcome.error }
            : { status: outcome.status, sentAt: outcome.at, lastError: null, providerResponse: outcome.detail };
      const rows = await db.update(d).set(set).where(fence).returning({ id: d.id });
      return rows.length > 0;
    },

    async due(now, limit) {
      const rows = await db.select({ id: d.id }).from(d).where(due(now)).orderBy(asc(d.nextAttemptAt), asc(d.id)).limit(limit);
      return rows.map((r) => r.id);
    },
  };
}
