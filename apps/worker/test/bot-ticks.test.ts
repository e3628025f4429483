import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { createTickStore, schema } from '@polymancer/db';
import { createJobRunner, TestClock, type JobRunner } from '@polymancer/jobs';
import { createLogger } from '@polymancer/observability';
import { builtInStrategies } from '@polymancer/strategies';
import { createMarketDataCache, paperExecution, type TickResult } from '@polymancer/bots';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createHarness, type Harness } from '../../../packages/bots/test/harness.ts';
import { loadElectionMarket, ScriptedMarketData } from '../../../packages/bots/test/recorded-market.ts';
import { slotOf, startBotTicks, tickKeyOf } from '../src/bot-ticks.ts';

const logger = createLogger({ level: 'silent' });
const describeWithData = describeIfSharedData('polymarket');

for (const engine of testEngines()) {
  describeWithData(`bot ticks on pg-boss (${engine})`, () => {
    let h: Harness;
    let clock: TestClock;
    let jobs: JobRunner;
    let ticks: Awaited<ReturnType<typeof startBotTicks>>;
    const results: Array<{ botId: string; result: TickResult }> = [];
    let waiting: ((r: TickResult) => void) | undefined;
    /** Resolves with the next tick's result (handlers run after TestClock.tick returns). */
    const nextTick = () => new Promise<TickResult>((resolve) => (waiting = resolve));
    let botId = '';
    let venue: ScriptedMarketData;

    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_sched');
      clock = new TestClock(new Date('2026-03-01T12:00:05.000Z'));
      jobs = createJobRunner({ database: h.testDb.handle, clock, logger, spies: true, schema: 'pgboss_ticks' });
      await jobs.start();
      venue = new ScriptedMarketData(loadElectionMarket());
      const bot = await h.bots.create('usr_sched', {
        name: 'scheduled',
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId] }],
        strategy: { kind: 'momentum', params: { lookbackMoves: 2, thresholdMicros: 4_000, orderAmountMicros: 10_000_000 } },
        intervalSecs: 60,
        startingBalanceMicros: 100_000_000,
      });
      botId = bot.id;
      await h.bots.resume('usr_sched', botId);
      const tickClock = jobs.clock;
      ticks = await startBotTicks({
        jobs,
        clock: tickClock,
        logger,
        sweepEveryMs: 0,
        listActive: async () => (await h.bots.list('usr_sched')).filter((b) => b.status === 'active').map((b) => ({ id: b.id, intervalSecs: b.intervalSecs })),
        tick: {
          store: createTickStore(h.db, tickClock),
          marketData: createMarketDataCache(venue, { clock: tickClock }),
          strategies: builtInStrategies(),
          execution: paperExecution,
          clock: tickClock,
          sleep: async () => {},
        },
        onTick: (id, result) => {
          results.push({ botId: id, result });
          waiting?.(result);
        },
      });
    });
    afterAll(async () => {
      await ticks.stop();
      await jobs.stop({ timeoutMs: 1_000 });
      await h.testDb.dispose();
    });

    test('an active bot is ticked at once for its current slot', async () => {
      const ticked = nextTick();
      await clock.tick(1_000);
      await ticked;
      expect(results[0]).toMatchObject({ botId, result: { status: 'completed' } });
      const runs = await h.db.select().from(schema.botTickRuns).where(eq(schema.botTickRuns.botId, botId));
      expect(runs.map((r) => r.tickKey)).toEqual([tickKeyOf(botId, slotOf(Date.parse('2026-03-01T12:00:05Z'), 60))]);
    });

    test('each finished tick queues the next slot, one minute later, and nothing runs early', async () => {
      await clock.tick(30_000);
      expect(results.length).toBe(1);
      const ticked = nextTick();
      await clock.tick(30_000);
      expect((await ticked).status).toBe('completed');
      expect(results.length).toBe(2);
      const runs = await h.db.select().from(schema.botTickRuns).where(eq(schema.botTickRuns.botId, botId));
      expect(runs.map((r) => r.tickKey).sort()).toEqual([tickKeyOf(botId, Date.parse('2026-03-01T12:00:00Z')), tickKeyOf(botId, Date.parse('2026-03-01T12:01:00Z'))]);
    });

    test('the sweep never queues a second tick for a bot that has one waiting', async () => {
      expect(await ticks.sweep()).toBe(0);
    });

    test('a paused bot stops being ticked', async () => {
      await h.bots.pause('usr_sched', botId);
      const ticked = nextTick();
      await clock.tick(60_000);
      expect((await ticked).status).toBe('skipped');
      const before = results.length;
      await clock.tick(120_000);
      expect(results.length).toBe(before);
      expect(await ticks.sweep()).toBe(0);
    });
  });
}
