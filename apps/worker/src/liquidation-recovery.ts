/**
 * Closes "close all positions" runs whose process died midway (`Emergency.recoverInterruptedLiquidations`):
 * one pass every 5 minutes, on one worker at a time. A run still `running` 15 minutes after it started is
 * closed as `interrupted` with what it recorded, and its owner told what is still held.
 */
import type { JobRunner } from '@polymancer/jobs';
import type { Logger } from '@polymancer/observability';
import type { Emergency } from '@polymancer/safety';
import { startRepeatingPass } from './repeating-pass.ts';

export const liquidationRecoveryJob = 'liquidation.recover';

export function startLiquidationRecovery(options: { readonly jobs: JobRunner; readonly emergency: Pick<Emergency, 'recoverInterruptedLiquidations'>; readonly logger: Logger; readonly intervalSecs?: number }): Promise<{ stop(): Promise<void> }> {
  return startRepeatingPass({
    jobs: options.jobs,
    name: liquidationRecoveryJob,
    intervalSecs: options.intervalSecs ?? 300,
    logger: options.logger,
    pass: () => options.emergency.recoverInterruptedLiquidations(),
    worthLogging: (pass) => pass.interrupted > 0,
  });
}
