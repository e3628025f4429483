/**
 * Redemption of live positions in resolved markets (issue 20): one pass (`Redemptions.runOnce`) every
 * 60 seconds, on one worker at a time. Each redemption is crash-safe on its own (its signed payload is
 * committed before it is sent), so a pass cut short is simply finished by the next.
 */
import type { Redemptions } from '@polymancer/bots';
import type { JobRunner } from '@polymancer/jobs';
import type { Logger } from '@polymancer/observability';
import { startRepeatingPass } from './repeating-pass.ts';

export const liveRedemptionJob = 'live.redeem';

export interface LiveRedemptionOptions {
  readonly jobs: JobRunner;
  readonly redemptions: Pick<Redemptions, 'runOnce'>;
  readonly logger: Logger;
  readonly intervalSecs?: number;
}

export function startLiveRedemption(options: LiveRedemptionOptions): Promise<{ stop(): Promise<void> }> {
  return startRepeatingPass({
    jobs: options.jobs,
    name: liveRedemptionJob,
    intervalSecs: options.intervalSecs ?? 60,
    logger: options.logger,
    pass: () => options.redemptions.runOnce(),
    worthLogging: (counts) => counts.redeemed > 0 || counts.failed > 0 || counts.error > 0 || counts.wallet_type_unsupported > 0,
  });
}
