/**
 * Live orders whose outcome is unknown (a crash, a timeout, a dropped connection between commit and
 * answer) are settled only by asking the exchange — never by posting again. This job asks every
 * 30 seconds, on one worker at a time; a bot with an unreconciled order places no other meanwhile. The same
 * pass asks for the settlement hashes of matched orders whose post answer carried none, and releases live-risk
 * reservations no order was ever committed under (a process died between admission and commit).
 */
import { backfillSettlementHashes, type LiveDeps, reconcileLiveOrders, type ReconcileDeps } from '@polymancer/bots';
import type { JobRunner } from '@polymancer/jobs';
import type { Logger } from '@polymancer/observability';
import { startRepeatingPass } from './repeating-pass.ts';

export const liveReconciliationJob = 'live.reconcile';

export interface LiveReconciliationOptions {
  readonly jobs: JobRunner;
  readonly deps: ReconcileDeps;
  readonly live: LiveDeps;
  readonly logger: Logger;
  readonly intervalSecs?: number;
}

export function startLiveReconciliation(options: LiveReconciliationOptions): Promise<{ stop(): Promise<void> }> {
  return startRepeatingPass({
    jobs: options.jobs,
    name: liveReconciliationJob,
    intervalSecs: options.intervalSecs ?? 30,
    logger: options.logger,
    pass: async () => {
      const counts = await reconcileLiveOrders(options.deps, options.live, options.deps.clock.now());
      const hashes = await backfillSettlementHashes(options.live, options.deps.clock.now());
      const orphansReleased = (await options.live.risk?.releaseOrphans?.()) ?? 0;
      return { ...counts, hashesBackfilled: hashes.backfilled, orphanReservationsReleased: orphansReleased };
    },
    worthLogging: (counts) => Object.values(counts).some((n) => n > 0),
  });
}
