/**
 * The settlement monitor's job: one pass (`SettlementMonitor.runOnce`) every 30 seconds. pg-boss cron is
 * per minute, so the job re-queues itself 30 s ahead after each pass (also after a failed one); the queue is
 * `stately` with one key, so however many workers start, one pass is queued at a time and one runs.
 */
import type { JobRunner } from '@polymancer/jobs';
import { errorForLog, type Logger } from '@polymancer/observability';

export const settlementMonitorJob = 'settlement.monitor';
const queue = { policy: 'stately', retryLimit: 0, expireInSecs: 120 } as const;

export interface SettlementMonitorJobOptions {
  readonly jobs: JobRunner;
  readonly monitor: { runOnce(): Promise<{ readonly checked: number; readonly changed: number; readonly events: number; readonly errors: number; readonly discovered: number }> };
  readonly logger: Logger;
  readonly intervalSecs?: number;
}

export async function startSettlementMonitor(options: SettlementMonitorJobOptions): Promise<{ stop(): Promise<void> }> {
  const logger = options.logger.child({ component: 'settlement-monitor' });
  const intervalSecs = options.intervalSecs ?? 30;
  const next = () => options.jobs.send(settlementMonitorJob, {}, { delaySecs: intervalSecs, singletonKey: 'pass', queue });
  const worker = await options.jobs.work(
    settlementMonitorJob,
    async () => {
      try {
        const pass = await options.monitor.runOnce();
        if (pass.changed > 0 || pass.events > 0 || pass.errors > 0 || pass.discovered > 0) logger.info(pass, 'settlement monitor pass');
      } catch (err) {
        logger.warn({ err: errorForLog(err) }, 'settlement monitor pass failed');
      } finally {
        await next();
      }
    },
    { queue },
  );
  await options.jobs.send(settlementMonitorJob, {}, { singletonKey: 'pass', queue });
  return { stop: () => options.jobs.offWork(settlementMonitorJob, worker) };
}
