import type { Clock } from '@polymancer/core';
import { newId } from '@polymancer/core';
import type { DatabaseHandle } from '@polymancer/db';
import type { JobRunner } from '@polymancer/jobs';
import type { Logger } from '@polymancer/observability';
import { heartbeatJob, recordHeartbeat, workerIdentity } from './heartbeat.ts';

export interface StartWorkerOptions {
  readonly database: DatabaseHandle;
  /** A job runner; started here if it was not already. The caller stops it (the API may still send jobs). */
  readonly jobs: JobRunner;
  readonly logger: Logger;
  /** Time stamped on rows; default the job runner's clock (the TestClock's time in tests). */
  readonly clock?: Clock;
  /** Default: a new `wrk_…` id per process. */
  readonly workerId?: string;
  /** Cron (UTC) of the heartbeat job: config `WORKER_HEARTBEAT_CRON`. */
  readonly heartbeatCron: string;
}

export interface Worker {
  readonly workerId: string;
  /** Stops taking jobs and waits for handlers in flight. Leaves schedules (cluster-wide) and the job runner alone. */
  stop(): Promise<void>;
}

/** Registers every job handler of the worker and its schedules, and beats once so /readyz is ready at once. */
export async function startWorker(options: StartWorkerOptions): Promise<Worker> {
  const { database, jobs } = options;
  const clock = options.clock ?? jobs.clock;
  const workerId = options.workerId ?? newId('worker');
  const logger = options.logger.child({ component: 'worker', workerId });
  const identity = workerIdentity(workerId, clock.now());

  await jobs.start();
  const registered: { readonly name: string; readonly id: string }[] = [];

  const heartbeatWorker = await jobs.work(heartbeatJob, async () => {
    await recordHeartbeat(database.db, identity, clock.now());
  }, { queue: { retryLimit: 1, expireInSecs: 60 } });
  registered.push({ name: heartbeatJob, id: heartbeatWorker });
  await jobs.schedule(heartbeatJob, options.heartbeatCron);

  await recordHeartbeat(database.db, identity, clock.now());
  logger.info({ heartbeatCron: options.heartbeatCron, queues: registered.map((r) => r.name) }, 'worker started');

  let stopping: Promise<void> | undefined;
  return {
    workerId,
    stop() {
      stopping ??= (async () => {
        for (const { name, id } of registered) await jobs.offWork(name, id);
        logger.info('worker stopped');
      })();
      return stopping;
    },
  };
}
