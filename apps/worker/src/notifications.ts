/**
 * The notification sender on pg-boss: `notifications.deliver` (one job per delivery attempt,
 * keyed by delivery id on a `stately` queue, so one is queued and one runs at most) and
 * `notifications.sweep` (every minute, cluster-wide: queues every due delivery — new ones whose
 * kick was lost, retries, claims of a worker that died). The rows are the truth; jobs only say
 * "look at this row now". See `@polymancer/notify`'s sender for the delivery guarantee.
 */
import type { JobRunner } from '@polymancer/jobs';
import type { DeliveryQueue, NotificationSender } from '@polymancer/notify';
import { errorForLog, type Logger } from '@polymancer/observability';

export const deliverNotificationJob = 'notifications.deliver';
export const sweepNotificationsJob = 'notifications.sweep';

interface DeliverJobData {
  readonly deliveryId: string;
}

// A handler that throws (the database, not the mail server: send failures are rows, not throws)
// is retried by pg-boss; the sweep picks up anything left after that.
const deliverQueue = { policy: 'stately', retryLimit: 5, retryDelaySecs: 30, retryBackoff: true, expireInSecs: 600 } as const;

/** `DeliveryQueue` on the job runner: what the notification service and the sender kick. */
export function jobDeliveryQueue(jobs: JobRunner): DeliveryQueue {
  return {
    async enqueue(deliveryId, notBefore) {
      await jobs.send<DeliverJobData>(deliverNotificationJob, { deliveryId }, {
        singletonKey: deliveryId,
        ...(notBefore === undefined ? {} : { startAfter: notBefore }),
        queue: deliverQueue,
      });
    },
  };
}

export interface NotificationSenderJobsOptions {
  readonly jobs: JobRunner;
  readonly sender: NotificationSender;
  readonly logger: Logger;
  /** Cron (UTC) of the sweep; default every minute. */
  readonly sweepCron?: string;
  /** Deliveries handled at once in this process (default 4). */
  readonly concurrency?: number;
}

export async function startNotificationSender(options: NotificationSenderJobsOptions): Promise<{ stop(): Promise<void> }> {
  const { jobs, sender } = options;
  const logger = options.logger.child({ component: 'notifications' });
  const deliverWorker = await jobs.work<DeliverJobData>(
    deliverNotificationJob,
    async ({ data }) => {
      const attempt = await sender.deliver(data.deliveryId);
      switch (attempt.status) {
        case 'not_due':
          return;
        case 'sent':
        case 'logged':
          logger.info({ deliveryId: attempt.deliveryId, attempt: attempt.attempt, status: attempt.status }, 'notification delivered');
          return;
        case 'retrying':
          logger.warn({ deliveryId: attempt.deliveryId, attempt: attempt.attempt, reason: attempt.reason, nextAttemptAt: attempt.nextAttemptAt.toISOString() }, 'notification delivery failed; will retry');
          return;
        case 'failed':
          logger.error({ deliveryId: attempt.deliveryId, attempt: attempt.attempt, reason: attempt.reason }, 'notification refused by the mail server; not retried');
          return;
      }
    },
    { queue: deliverQueue, concurrency: options.concurrency ?? 4, pollingIntervalSecs: 1 },
  );
  const sweepWorker = await jobs.work(sweepNotificationsJob, async () => {
    const queued = await sender.sweep();
    if (queued > 0) logger.info({ queued }, 'queued due notification deliveries');
  }, { queue: { retryLimit: 1, expireInSecs: 120 } });
  await jobs.schedule(sweepNotificationsJob, options.sweepCron ?? '* * * * *');
  // Deliveries left from before this process started (a crash, a stop mid-retry) go now, not at the next minute.
  await sender.sweep().catch((err: unknown) => logger.warn({ err: errorForLog(err) }, 'notification sweep at start failed'));
  return {
    stop: async () => {
      await jobs.offWork(deliverNotificationJob, deliverWorker);
      await jobs.offWork(sweepNotificationsJob, sweepWorker);
    },
  };
}
