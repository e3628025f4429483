import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { createLogger } from '@polymancer/observability';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';
import { createJobRunner, JobRunnerError, TestClock, type JobRunner } from '../src/index.ts';
import { tickUntil } from '../src/testing.ts';

const start = new Date('2026-01-01T00:00:30.000Z');
const logger = createLogger({ level: 'silent' });

for (const engine of testEngines()) {
  describe(`job runner on ${engine}`, () => {
    let database: TestDatabase;
    let clock: TestClock;
    let jobs: JobRunner;
    let runs = 0;

    beforeAll(async () => {
      database = await createTestDatabase(engine, { migrate: false });
    });
    afterAll(() => database.dispose());

    // One database per engine; each test gets its own pg-boss schema, so no queue, job or
    // schedule of one test is seen by the next.
    beforeEach(async () => {
      runs += 1;
      clock = new TestClock(start);
      jobs = createJobRunner({ database: database.handle, clock, logger, spies: true, schema: `pgboss_test_${runs}` });
      await jobs.start();
    });
    afterEach(() => jobs.stop({ timeoutMs: 1_000 }));

    test('fires a scheduled job when the test clock reaches its cron time, and again a minute later', async () => {
      const ranAt: string[] = [];
      await jobs.work('test.every-minute', async () => {
        ranAt.push(jobs.clock.now().toISOString());
      });
      await jobs.schedule('test.every-minute', '* * * * *', { source: 'cron' });

      const first = jobs.waitForJob('test.every-minute', 'completed');
      await clock.tick(30_000);
      await first;
      expect(ranAt).toEqual(['2026-01-01T00:01:00.000Z']);

      jobs.clearSpies();
      const second = jobs.waitForJob<{ source: string }>('test.every-minute', 'completed');
      await clock.tick(60_000);
      expect((await second).data).toEqual({ source: 'cron' });
      expect(ranAt).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z']);
    });

    test('holds a delayed job until the clock passes its startAfter, then runs it', async () => {
      const ranAt: Date[] = [];
      await jobs.work('test.delayed', async () => {
        ranAt.push(jobs.clock.now());
      }, { pollingIntervalSecs: 1 });
      const startAfter = new Date(start.getTime() + 10 * 60_000);
      const id = await jobs.send('test.delayed', { n: 1 }, { startAfter });
      expect(id).not.toBeNull();

      // Jump to just before it is due and let the worker poll a few times.
      await clock.setTime(startAfter.getTime() - 5_000);
      await clock.tick(3_000);
      expect(ranAt).toEqual([]);
      expect((await jobs.findJob('test.delayed', id!))?.state).toBe('created');

      await tickUntil(clock, jobs.waitForJob('test.delayed', 'completed', { id: id! }));
      expect(ranAt).toHaveLength(1);
      expect(ranAt[0]!.getTime()).toBeGreaterThanOrEqual(startAfter.getTime());
      expect((await jobs.findJob('test.delayed', id!))?.state).toBe('completed');
    });

    test('delaySecs counts from the runner clock, not the wall clock', async () => {
      const id = await jobs.send('test.delay-secs', {}, { delaySecs: 90 });
      const job = await jobs.findJob('test.delay-secs', id!);
      expect(job?.startAfter.toISOString()).toBe('2026-01-01T00:02:00.000Z');
    });

    test('retries a job whose handler failed, and completes it on the next attempt', async () => {
      const attempts: number[] = [];
      await jobs.work('test.flaky', async (job) => {
        attempts.push(job.retryCount);
        if (job.retryCount === 0) throw new Error('first attempt fails');
      }, { queue: { retryLimit: 2, retryDelaySecs: 5 }, pollingIntervalSecs: 1 });
      const id = await jobs.send('test.flaky', { n: 1 });

      await tickUntil(clock, jobs.waitForJob('test.flaky', 'completed', { id: id! }));
      expect(attempts).toEqual([0, 1]);
      const job = await jobs.findJob('test.flaky', id!);
      expect(job?.state).toBe('completed');
      expect(job?.retryCount).toBe(1);
    });

    test('fails a job for good once its retries are spent', async () => {
      let attempts = 0;
      await jobs.work('test.broken', async () => {
        attempts += 1;
        throw new Error('always fails');
      }, { queue: { retryLimit: 1 }, pollingIntervalSecs: 1 });
      const id = await jobs.send('test.broken', {});

      await tickUntil(clock, jobs.waitForJob('test.broken', 'failed', { id: id! }));
      expect(attempts).toBe(2);
      expect((await jobs.findJob('test.broken', id!))?.state).toBe('failed');
    });

    test('a singleton key makes a repeated send a no-op while the first job is queued', async () => {
      const queue = { policy: 'stately' } as const;
      const first = await jobs.send('test.once', { n: 1 }, { singletonKey: 'bot_1', queue });
      const again = await jobs.send('test.once', { n: 2 }, { singletonKey: 'bot_1', queue });
      const other = await jobs.send('test.once', { n: 3 }, { singletonKey: 'bot_2', queue });
      expect(first).not.toBeNull();
      expect(again).toBeNull();
      expect(other).not.toBeNull();
    });

    test('a singleton key with singletonSecs throttles a standard queue to one job per slot', async () => {
      const first = await jobs.send('test.throttled', {}, { singletonKey: 'k', singletonSecs: 60 });
      const again = await jobs.send('test.throttled', {}, { singletonKey: 'k', singletonSecs: 60 });
      await clock.tick(60_000);
      const nextSlot = await jobs.send('test.throttled', {}, { singletonKey: 'k', singletonSecs: 60 });
      expect(first).not.toBeNull();
      expect(again).toBeNull();
      expect(nextSlot).not.toBeNull();
    });

    test('refuses to send before it is started', async () => {
      const idle = createJobRunner({ database: database.handle, logger, schema: 'pgboss_never_started' });
      const sent = idle.send('test.early', {});
      await expect(sent).rejects.toBeInstanceOf(JobRunnerError);
      await expect(sent).rejects.toMatchObject({ code: 'jobs.not_started' });
    });
  });
}
