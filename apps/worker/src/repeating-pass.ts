/**
 * A pass that runs every N seconds on one worker at a time. pg-boss cron is per minute, so the job
 * re-queues itself N seconds ahead after each pass (also after a failed one); the queue is `stately`
 * with one key, so however many workers start, one pass is queued at a time and one runs.
 */
import type { JobRunner } from '@polymancer/jobs';
import { errorForLog, type Logger } from '@polymancer/observability';

const queue = { policy: 'stately', retryLimit: 0, expireInSecs: 120 } as const;

export interface RepeatingPassOptions<T> {
  readonly jobs: JobRunner;
  readonly name: string;
  readonly intervalSecs: number;
  readonly logger: Logger;
  readonly pass: () => Promise<T>;
  /** Whether a pass's result is worth an info line (quiet passes are not logged). */
  readonly worthLogging: (result: T) => boolean;
}

export async function startRepeatingPass<T>(options: RepeatingPassOptions<T>): Promise<{ stop(): Promise<void> }> {
  const logger = options.logger.child({ component: options.name });
  const next = () => options.jobs.send(options.name, {}, { delaySecs: options.intervalSecs, singletonKey: 'pass', queue });
  const worker = await options.jobs.work(
    options.name,
    async () => {
      try {
        const result = await options.pass();
        if (options.worthLogging(result)) logger.info(result as object, `${options.name} pass`);
      } catch (err) {
        logger.warn({ err: errorForLog(err) }, `${options.name} pass failed`);
      } finally {
        await next();
      }
    },
    { queue },
  );
  await options.jobs.send(options.name, {}, { singletonKey: 'pass', queue });
  return { stop: () => options.jobs.offWork(options.name, worker) };
}
