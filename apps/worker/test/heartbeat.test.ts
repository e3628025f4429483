import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { hostname } from 'node:os';
import { desc } from 'drizzle-orm';
import type { Clock } from '@polymancer/core';
import { schema, type Database } from '@polymancer/db';
import { createJobRunner, TestClock, type JobRunner } from '@polymancer/jobs';
import { tickUntil } from '@polymancer/jobs/testing';
import { createLogger } from '@polymancer/observability';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';
import { heartbeatJob, startWorker, type Worker } from '../src/index.ts';

const start = new Date('2026-01-01T00:00:30.000Z');
const logger = createLogger({ level: 'silent' });
const maxAgeSecs = 180;

/** The question /readyz asks: is the newest beat at most maxAgeSecs old by this clock? */
async function readinessSeesFreshBeat(db: Database, clock: Clock): Promise<{ fresh: boolean; ageSecs: number | undefined }> {
  const [beat] = await db
    .select({ beatAt: schema.workerHeartbeats.beatAt })
    .from(schema.workerHeartbeats)
    .orderBy(desc(schema.workerHeartbeats.beatAt))
    .limit(1);
  if (beat === undefined) return { fresh: false, ageSecs: undefined };
  const ageSecs = Math.floor((clock.now().getTime() - beat.beatAt.getTime()) / 1000);
  return { fresh: ageSecs <= maxAgeSecs, ageSecs };
}

async function heartbeatRows(db: Database) {
  return db.select().from(schema.workerHeartbeats);
}

for (const engine of testEngines()) {
  describe(`worker heartbeat on ${engine}`, () => {
    let database: TestDatabase;
    let clock: TestClock;
    let jobs: JobRunner;
    let worker: Worker | undefined;
    let runs = 0;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
    });
    afterAll(() => database.dispose());

    beforeEach(async () => {
      runs += 1;
      await database.handle.db.delete(schema.workerHeartbeats);
      clock = new TestClock(start);
      jobs = createJobRunner({ database: database.handle, clock, logger, spies: true, schema: `pgboss_worker_${runs}` });
      await jobs.start();
    });
    afterEach(async () => {
      await worker?.stop();
      worker = undefined;
      await jobs.stop({ timeoutMs: 1_000 });
    });

    test('beats once at start, stamped with the clock time, so readiness is fresh at once', async () => {
      expect((await readinessSeesFreshBeat(database.handle.db, jobs.clock)).fresh).toBe(false);
      worker = await startWorker({ database: database.handle, jobs, logger, heartbeatCron: '* * * * *' });

      expect(worker.workerId).toMatch(/^wrk_[0-9a-z]{20}$/);
      const rows = await heartbeatRows(database.handle.db);
      expect(rows).toEqual([{ workerId: worker.workerId, hostname: hostname(), pid: process.pid, startedAt: start, beatAt: start }]);
      expect(await readinessSeesFreshBeat(database.handle.db, jobs.clock)).toEqual({ fresh: true, ageSecs: 0 });
    });

    test('the scheduled heartbeat moves beat_at to the test clock time each minute', async () => {
      worker = await startWorker({ database: database.handle, jobs, logger, heartbeatCron: '* * * * *', workerId: 'wrk_test' });

      const firstBeat = jobs.waitForJob(heartbeatJob, 'completed');
      await clock.tick(30_000);
      await firstBeat;
      expect((await heartbeatRows(database.handle.db)).map((r) => [r.workerId, r.startedAt.toISOString(), r.beatAt.toISOString()]))
        .toEqual([['wrk_test', '2026-01-01T00:00:30.000Z', '2026-01-01T00:01:00.000Z']]);

      jobs.clearSpies();
      const secondBeat = jobs.waitForJob(heartbeatJob, 'completed');
      await clock.tick(60_000);
      await secondBeat;
      expect((await heartbeatRows(database.handle.db))[0]?.beatAt.toISOString()).toBe('2026-01-01T00:02:00.000Z');
    });

    test('readiness goes stale when beats stop and fresh again after the next scheduled beat', async () => {
      worker = await startWorker({ database: database.handle, jobs, logger, heartbeatCron: '* * * * *' });

      // Five minutes pass with nothing running (the process was asleep): the newest beat is 300 s old.
      await clock.setTime(start.getTime() + 5 * 60_000);
      expect(await readinessSeesFreshBeat(database.handle.db, jobs.clock)).toEqual({ fresh: false, ageSecs: 300 });

      // Timers the jump passed fire on the next tick; the cron pass sends the current minute's beat.
      await tickUntil(clock, jobs.waitForJob(heartbeatJob, 'completed'));
      const readiness = await readinessSeesFreshBeat(database.handle.db, jobs.clock);
      expect(readiness.fresh).toBe(true);
      expect(readiness.ageSecs).toBeLessThanOrEqual(60);
    });

    test('stop drains the worker: later occurrences are not handled by it', async () => {
      worker = await startWorker({ database: database.handle, jobs, logger, heartbeatCron: '* * * * *', workerId: 'wrk_stopped' });
      await worker.stop();
      await clock.tick(90_000);
      expect((await heartbeatRows(database.handle.db))[0]?.beatAt.toISOString()).toBe(start.toISOString());
    });
  });
}
