/**
 * The notification sender: delivers outbox rows (`notification_deliveries`) through the email
 * transport. Driven by jobs (one per delivery, plus a periodic sweep); holds no state itself.
 *
 * Guarantees
 * - Never lost: a row is written before anyone is asked to send it and leaves `pending`/`sending`
 *   only when a server accepted it (`sent`), refused it for good (`failed`, SMTP 5xx), or no
 *   transport is configured (`logged`: written to the log, kept in the outbox). Every other
 *   failure (connection refused, timeout, 4xx, a crash) leaves it due again, retried with backoff
 *   (30 s doubling to 1 h) for as long as it takes.
 * - One sender at a time per row: an attempt starts with an atomic claim (`sending`, attempts + 1,
 *   claimed for `claimMs`), and finishing is fenced on that attempt number, so two workers, a
 *   duplicate job or a late sweep never send the same row concurrently. The claim (5 min) is far
 *   longer than the transport's own timeouts (see `@polymancer/mail`).
 * - Every attempt sends the same message under the same Message-ID (`<dlv_…@domain>`, fixed when
 *   the row was written).
 *
 * Semantics — what "never sent twice" means here
 * - Exactly once in every case but one: a process that dies (or a connection that drops) after
 *   the server answered 250 to DATA but before the row is marked `sent`. The row's claim then
 *   expires and it is sent again, with the same Message-ID. SMTP has no idempotency key; the stable
 *   Message-ID is what lets the receiving side (and any MTA that deduplicates by it) recognise the
 *   copy. So the guarantee is: delivered at least once, handed over exactly once except across
 *   that window (milliseconds wide), and any duplicate carries the original's Message-ID.
 *   At-most-once (never retrying an ambiguous attempt) would instead lose mail on every dropped
 *   connection, which the product cannot accept for security notices.
 *
 * Known limitations
 * - Retries go on without limit while the failure is temporary; a mailbox that answers 4xx for
 *   ever keeps its row pending (visible, and logged on each attempt by the worker).
 */
import type { Clock } from '@polymancer/core';
import { retryDelayMs } from './backoff.ts';
import type { DeliveryQueue, EmailTransport, NotificationStore } from './ports.ts';

export type DeliveryAttempt =
  | { readonly status: 'not_due' }
  | { readonly status: 'sent' | 'logged'; readonly deliveryId: string; readonly attempt: number }
  | { readonly status: 'failed'; readonly deliveryId: string; readonly attempt: number; readonly reason: string }
  | { readonly status: 'retrying'; readonly deliveryId: string; readonly attempt: number; readonly reason: string; readonly nextAttemptAt: Date };

export interface NotificationSenderDeps {
  readonly store: NotificationStore;
  readonly transport: EmailTransport;
  readonly clock: Clock;
  /** Where retries and the sweep's finds are queued; without one, the sweep delivers in line. */
  readonly queue?: DeliveryQueue | undefined;
  /** How long one attempt owns its row (default 5 min). */
  readonly claimMs?: number;
}

export interface NotificationSender {
  /** One attempt at one delivery, if it is due. Never throws for a failed send (only for a broken store). */
  deliver(deliveryId: string): Promise<DeliveryAttempt>;
  /** Finds due deliveries (new, retries, expired claims) and queues them (or delivers them, with no queue). */
  sweep(limit?: number): Promise<number>;
}

const maxErrorLength = 500;

export function createNotificationSender(deps: NotificationSenderDeps): NotificationSender {
  const { store, transport, clock } = deps;
  const claimMs = deps.claimMs ?? 5 * 60_000;

  const sender: NotificationSender = {
    async deliver(deliveryId) {
      const now = clock.now();
      const row = await store.claim(deliveryId, now, new Date(now.getTime() + claimMs));
      if (row === undefined) return { status: 'not_due' };
      const attempt = row.attempts;
      let outcome;
      try {
        outcome = await transport.send({ messageId: row.messageId, to: row.recipient, subject: row.subject, text: row.body });
      } catch (error) {
        // A transport must answer with an outcome; anything thrown is treated as "may pass later".
        outcome = { kind: 'retry' as const, reason: error instanceof Error ? error.message : 'transport failed' };
      }
      const at = clock.now();
      switch (outcome.kind) {
        case 'accepted':
          await store.finish(deliveryId, attempt, { status: 'sent', at, detail: outcome.response.slice(0, maxErrorLength) });
          return { status: 'sent', deliveryId, attempt };
        case 'logged':
          await store.finish(deliveryId, attempt, { status: 'logged', at, detail: null });
          return { status: 'logged', deliveryId, attempt };
        case 'rejected': {
          const reason = outcome.reason.slice(0, maxErrorLength);
          await store.finish(deliveryId, attempt, { status: 'failed', at, error: reason });
          return { status: 'failed', deliveryId, attempt, reason };
        }
        case 'retry': {
          const reason = outcome.reason.slice(0, maxErrorLength);
          const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempt));
          await store.finish(deliveryId, attempt, { status: 'pending', nextAttemptAt, error: reason });
          await deps.queue?.enqueue(deliveryId, nextAttemptAt);
          return { status: 'retrying', deliveryId, attempt, reason, nextAttemptAt };
        }
      }
    },

    async sweep(limit = 500) {
      const ids = await store.due(clock.now(), limit);
      for (const id of ids) {
        if (deps.queue === undefined) await sender.deliver(id);
        else await deps.queue.enqueue(id);
      }
      return ids.length;
    },
  };
  return sender;
}
