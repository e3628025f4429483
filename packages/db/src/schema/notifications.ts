import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

export const notificationChannel = pgEnum('notification_channel', ['email', 'push']);
/**
 * `pending` (due at `next_attempt_at`) → `sending` (claimed; `next_attempt_at` is then the end of the
 * claim, after which a crashed sender's row is due again) → `sent`; back to
 * `pending` on a failure that may pass; `failed` when the server refused for good; `logged` when no
 * transport is configured (the message went to the log and stays here).
 */
export const notificationDeliveryStatus = pgEnum('notification_delivery_status', ['pending', 'sending', 'sent', 'logged', 'failed']);

/** A user's notifications: the in-app list (`read_at`), rendered once when created. Never a secret. */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', tz).notNull(),
    readAt: timestamp('read_at', tz),
  },
  (t) => [index('notifications_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc())],
);

/**
 * The outbox: one row per notification and channel, delivered by the sender job. The message is
 * fixed when the row is written (recipient, subject, text, Message-ID), so every retry sends the
 * same bytes under the same Message-ID.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    notificationId: text('notification_id').notNull().references(() => notifications.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    channel: notificationChannel('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    messageId: text('message_id').notNull().unique(),
    status: notificationDeliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** When the row is next due: the next retry while pending, the end of the claim while sending. */
    nextAttemptAt: timestamp('next_attempt_at', tz).notNull(),
    sentAt: timestamp('sent_at', tz),
    lastError: text('last_error'),
    /** The server's answer to the accepted attempt (e.g. `250 OK queued as …`). */
    providerResponse: text('provider_response'),
    createdAt: timestamp('created_at', tz).notNull(),
  },
  (t) => [
    index('notification_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index('notification_deliveries_notification_idx').on(t.notificationId),
  ],
);
