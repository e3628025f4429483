/** The settlement monitor's job: one pass (`SettlementMonitor.runOnce`) every 30 seconds, on one worker at a time. */
import type { JobRunner } from '@polymancer/jobs';
import type { Logger } from '@polymancer/observability';
import { startRepeatingPass } from './repeating-pass.ts';

export const settlementMonitorJob = 'settlement.monitor';

export interface SettlementMonitorJobOptions {
  readonly jobs: JobRunner;
  readonly monitor: { runOnce(): Promise<{ readonly checked: number; readonly changed: number; readonly events: number; readonly errors: number; readonly discovered: number }> };
  readonly logger: Logger;
  readonly intervalSecs?: number;
}

export function startSettlementMonitor(options: SettlementMonitorJobOptions): Promise<{ stop(): Promise<void> }> {
  return startRepeatingPass({
    jobs: options.jobs,
    name: settlementMonitorJob,
    intervalSecs: options.intervalSecs ?? 30,
    logger: options.logger,
    pass: () => options.monitor.runOnce(),
    worthLogging: (pass) => pass.changed > 0 || pass.events > 0 || pass.errors > 0 || pass.discovered > 0,
  });
}
