/**
 * Worker liveness. Each process has a `worker_heartbeats` row (id `wrk_…`); a beat stamps its
 * `beat_at` with the worker clock's time. `/readyz` reads the newest `beat_at`.
 *
 * The `worker.heartbeat` job is scheduled once cluster-wide, so each occurrence is handled by one
 * worker (whichever fetched it) and refreshes that worker's row: a fresh newest beat means the
 * scheduler and at least one worker are live, which is what readiness needs. With several workers,
 * an individual row can lag even though its worker is healthy.
 */
import { hostname } from 'node:os';
import { lt } from 'drizzle-orm';
import { schema, type Database } from '@polymancer/db';

export const heartbeatJob = 'worker.heartbeat';

/** Rows of workers silent this long are pruned by the next beat of any worker. */
export const staleWorkerRetentionSecs = 24 * 60 * 60;

export interface WorkerIdentity {
  readonly workerId: string;
  readonly hostname: string;
  readonly pid: number;
  readonly startedAt: Date;
}

export function workerIdentity(workerId: string, startedAt: Date): WorkerIdentity {
  return { workerId, hostname: hostname(), pid: process.pid, startedAt };
}

/** Upserts this worker's row with `beat_at = now`, and prunes rows of long-gone workers. */
export async function recordHeartbeat(db: Database, worker: WorkerIdentity, now: Date): Promise<void> {
  const table = schema.workerHeartbeats;
  await db
    .insert(table)
    .values({ workerId: worker.workerId, hostname: worker.hostname, pid: worker.pid, startedAt: worker.startedAt, beatAt: now })
    .onConflictDoUpdate({ target: table.workerId, set: { beatAt: now, hostname: worker.hostname, pid: worker.pid } });
  await db.delete(table).where(lt(table.beatAt, new Date(now.getTime() - staleWorkerRetentionSecs * 1000)));
}
