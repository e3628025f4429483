import { desc, sql } from 'drizzle-orm';
import type { Clock } from '@polymancer/core';
import { schema, type Database } from '@polymancer/db';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

export type Readiness = () => Promise<ReadinessReport>;

/** Ready = the database answers and some worker has beaten recently. */
export function databaseAndWorkerReadiness(deps: { db: Database; clock: Clock; heartbeatMaxAgeSecs: number }): Readiness {
  return async () => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      await deps.db.execute(sql`select 1`);
      checks.database = { ok: true };
    } catch {
      checks.database = { ok: false, detail: 'database did not answer' };
      return { ready: false, checks };
    }
    const [beat] = await deps.db
      .select({ beatAt: schema.workerHeartbeats.beatAt })
      .from(schema.workerHeartbeats)
      .orderBy(desc(schema.workerHeartbeats.beatAt))
      .limit(1);
    if (beat === undefined) checks.worker = { ok: false, detail: 'no worker heartbeat yet' };
    else {
      const ageSecs = Math.floor((deps.clock.now().getTime() - beat.beatAt.getTime()) / 1000);
      checks.worker = ageSecs <= deps.heartbeatMaxAgeSecs
        ? { ok: true, detail: `last heartbeat ${ageSecs}s ago` }
        : { ok: false, detail: `last heartbeat ${ageSecs}s ago` };
    }
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };
}
