/**
 * The ports the notification service talks to the world through. `@polymancer/db` implements the
 * store (`createNotificationStore`), `@polymancer/mail` the email transports, and the app adapts its
 * job runner to `DeliveryQueue`.
 */

export type DeliveryChannel = 'email' | 'push';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'logged' | 'failed';

export interface NotificationRecord {
  readonly id: string;
  readonly userId: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  readonly readAt: Date | null;
}

/** One message of the outbox, fixed when written: every retry sends these exact fields. */
export interface DeliveryRecord {
  readonly id: string;
  readonly notificationId: string;
  readonly userId: string;
  readonly channel: DeliveryChannel;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
  /** Stable across retries, so a receiver can drop a duplicate (RFC 5322 `<id@domain>`). */
  readonly messageId: string;
  readonly status: DeliveryStatus;
  /** Attempts claimed so far (this one included, once claimed). */
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly sentAt: Date | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
}

export interface NewDelivery {
  readonly id: string;
  readonly channel: DeliveryChannel;
  readonly subject: string;
  readonly body: string;
  readonly messageId: string;
}

export interface PageAfter {
  readonly createdAt: Date;
  readonly id: string;
}

export interface NotificationStore {
  /** The address email goes to, or null when the user does not exist. */
  emailOf(userId: string): Promise<string | null>;
  /**
   * Writes the notification and its deliveries in one transaction (due now). Deliveries to a
   * channel take the recipient the store resolves for the user (email: the account's address).
   */
  insert(notification: NotificationRecord, deliveries: readonly NewDelivery[], recipient: string): Promise<void>;
  /** Newest first, after `after` when given. */
  listForUser(userId: string, options: { readonly limit: number; readonly after?: PageAfter; readonly unreadOnly: boolean }): Promise<NotificationRecord[]>;
  countUnread(userId: string): Promise<number>;
  /** Stamps `read_at` (first time only); the notification, or undefined when it is not this user's. */
  markRead(userId: string, notificationId: string, at: Date): Promise<NotificationRecord | undefined>;
  /** Stamps every unread one; how many changed. */
  markAllRead(userId: string, at: Date): Promise<number>;
  findDelivery(deliveryId: string): Promise<DeliveryRecord | undefined>;
  deliveriesOf(notificationId: string): Promise<DeliveryRecord[]>;
  /**
   * Claims one due delivery for one attempt, atomically: it is due when pending with
   * `next_attempt_at <= now`, or sending with an expired claim (its sender died). Sets status
   * `sending`, `attempts + 1`, `next_attempt_at = claimUntil`. Undefined when not due or not found.
   */
  claim(deliveryId: string, now: Date, claimUntil: Date): Promise<DeliveryRecord | undefined>;
  /**
   * Ends the attempt `attempt` (fenced: a no-op when the row has moved on since the claim).
   * `sent`/`logged`/`failed` are final; `pending` schedules the next attempt at `nextAttemptAt`.
   */
  finish(
    deliveryId: string,
    attempt: number,
    outcome:
      | { readonly status: 'sent' | 'logged'; readonly at: Date; readonly detail: string | null }
      | { readonly status: 'failed'; readonly at: Date; readonly error: string }
      | { readonly status: 'pending'; readonly nextAttemptAt: Date; readonly error: string },
  ): Promise<boolean>;
  /** Ids of deliveries due at `now` (pending and due, or claims that expired), oldest first. */
  due(now: Date, limit: number): Promise<string[]>;
}

export interface EmailMessage {
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * What became of one attempt to hand a message over:
 * - `accepted`: the server took it (SMTP 250 after DATA); `response` is its reply line;
 * - `logged`: no transport is configured — the message went to the log;
 * - `retry`: it may pass later (connection refused, timeout, 4xx);
 * - `rejected`: the server refused it for good (5xx).
 */
export type SendOutcome =
  | { readonly kind: 'accepted'; readonly response: string }
  | { readonly kind: 'logged' }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string };

export interface EmailTransport {
  /** Which kind of transport this is (for logs and for `start` to say where mail goes). */
  readonly kind: 'smtp' | 'log';
  send(message: EmailMessage): Promise<SendOutcome>;
}

/** Asks for a delivery attempt soon (at `notBefore` at the earliest). Best effort: the sweep is the safety net. */
export interface DeliveryQueue {
  enqueue(deliveryId: string, notBefore?: Date): Promise<void>;
}
