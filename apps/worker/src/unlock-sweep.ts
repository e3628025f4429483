/**
 * The unlock sweep (pg-boss cron, every minute by default): observes every bot that could change
 * state without anyone asking — a cooling-off that ended (the bot unlocks and the user is told), a
 * paper record completed by time, a requirement that lapsed — and revokes subscriptions whose
 * expiry passed long ago without RevenueCat's EXPIRATION. One run at a time cluster-wide (cron
 * schedules are cluster-wide; the queue is `singleton`); every transition is compare-and-set, so a
 * run racing a user's request announces each transition once.
 */
import type { JobRunner } from '@polymancer/jobs';
import { errorForLog, type Logger } from '@polymancer/observability';

export const unlockSweepJob = 'unlock.sweep';

export interface UnlockSweepOptions {
  readonly jobs: JobRunner;
  readonly unlock: { sweep(): Promise<{ readonly observed: number; readonly expired: number }> };
  readonly logger: Logger;
  readonly cron?: string;
}

export async function startUnlockSweep(options: UnlockSweepOptions): Promise<{ stop(): Promise<void> }> {
  const logger = options.logger.child({ component: 'unlock-sweep' });
  const worker = await options.jobs.work(
    unlockSweepJob,
    async () => {
      try {
        const r = await options.unlock.sweep();
        if (r.expired > 0) logger.info(r, 'unlock sweep');
      } catch (err) {
        logger.warn({ err: errorForLog(err) }, 'unlock sweep failed');
        throw err;
      }
    },
    { queue: { policy: 'singleton', retryLimit: 1, expireInSecs: 300 } },
  );
  await options.jobs.schedule(unlockSweepJob, options.cron ?? '* * * * *');
  return { stop: () => options.jobs.offWork(unlockSweepJob, worker) };
}
