/**
 * The unlock sweep on pg-boss under a TestClock: a bot whose cooling-off ended is unlocked — and
 * its owner told — by the minute job, without anyone asking for its eligibility.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createJobRunner, TestClock, type JobRunner } from '@polymancer/jobs';
import { tickUntil } from '@polymancer/jobs/testing';
import { createLogger } from '@polymancer/observability';
import { testEngines } from '../../../test/databases.ts';
import { signUp } from '../../api/test/accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from '../../api/test/api-harness.ts';
import { acknowledge, botWithPaperRecord, eligibility, HOUR, passQuiz, sandboxKyc, setTierInDatabase } from '../../api/test/unlock-helpers.ts';
import { startUnlockSweep, unlockSweepJob } from '../src/unlock-sweep.ts';

const logger = createLogger({ level: 'silent' });

for (const engine of testEngines()) {
  describe(`unlock sweep on pg-boss (${engine})`, () => {
    let h: ApiHarness;
    let clock: TestClock;
    let jobs: JobRunner;
    let sweep: { stop(): Promise<void> };

    beforeAll(async () => {
      h = await createApiHarness(engine, { REQUEST_COUNTRY_HEADER: 'cf-ipcountry' });
      clock = new TestClock(new Date('2026-03-01T12:00:05.000Z'));
      jobs = createJobRunner({ database: h.database.handle, clock, logger, spies: true, schema: 'pgboss_unlock' });
      await jobs.start();
    }, 60_000);
    afterAll(async () => {
      await sweep?.stop();
      await jobs.stop({ timeoutMs: 1_000 });
      await h.dispose();
    }, 60_000);

    test('a cooling-off that ended unlocks the bot at the next sweep, and the owner is told', async () => {
      const user = await signUp(h, 'swept');
      const botId = await botWithPaperRecord(h, user.token);
      await sandboxKyc(h, user.token, 'PT');
      await passQuiz(h, user.token);
      await acknowledge(h, user.token);
      await setTierInDatabase(h, user.userId, 'pro');
      h.validCredentials.add(user.userId);
      expect((await eligibility(h, user.token, botId)).state).toBe('cooling_off');
      h.clock.advance(24 * HOUR);

      sweep = await startUnlockSweep({ jobs, unlock: h.deps.unlock, logger });
      await tickUntil(clock, jobs.waitForJob(unlockSweepJob, 'completed'), { stepMs: 15_000 });
      expect((await h.notificationsOf(user.userId)).filter((n) => n.kind === 'unlock.unlocked').map((n) => n.data.botId)).toEqual([botId]);
      const rows = (await h.database.handle.db.execute(`select is_unlocked_for_live from bots where id = '${botId}'` as never)) as unknown;
      const [row] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{ is_unlocked_for_live: boolean }>;
      expect(row?.is_unlocked_for_live).toBe(true);

      // The next sweep finds nothing new to announce.
      jobs.clearSpies();
      await tickUntil(clock, jobs.waitForJob(unlockSweepJob, 'completed'), { stepMs: 15_000 });
      expect((await h.notificationsOf(user.userId)).filter((n) => n.kind === 'unlock.unlocked')).toHaveLength(1);
    });
  });
}
