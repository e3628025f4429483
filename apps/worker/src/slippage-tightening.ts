/**
 * Applies the slippage differential's suggested tighter limit to live bots whose owners opted in
 * (`SlippageReports.applySuggestions`), and alerts the other owners (`alertOwners`, once per bot per UTC day):
 * one pass every 5 minutes, on one worker at a time.
 */
import type { JobRunner } from '@polymancer/jobs';
import type { Logger } from '@polymancer/observability';
import type { SlippageReports } from '@polymancer/safety';
import { startRepeatingPass } from './repeating-pass.ts';

export const slippageTighteningJob = 'live.slippage';

export function startSlippageTightening(options: { readonly jobs: JobRunner; readonly slippage: Pick<SlippageReports, 'applySuggestions' | 'alertOwners'>; readonly logger: Logger; readonly intervalSecs?: number }): Promise<{ stop(): Promise<void> }> {
  return startRepeatingPass({
    jobs: options.jobs,
    name: slippageTighteningJob,
    intervalSecs: options.intervalSecs ?? 300,
    logger: options.logger,
    pass: async () => ({ ...(await options.slippage.applySuggestions()), alerted: (await options.slippage.alertOwners()).alerted }),
    worthLogging: (pass) => pass.tightened + pass.alerted > 0,
  });
}
