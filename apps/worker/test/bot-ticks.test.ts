import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createMarketDataCache, paperExecution, type TickEvent } from '@polymancer/bots';
import { createTickScheduleStore, createTickStore } from '@polymancer/db';
import { createLogger, createMetrics } from '@polymancer/observability';
import { builtInStrategies } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createHarness, type Harness } from '../../../packages/bots/test/harness.ts';
import { loadElectionMarket, ScriptedMarketData } from '../../../packages/bots/test/recorded-market.ts';
import { startBotTicks } from '../src/bot-ticks.ts';

const engine = testEngines().at(-1)!;

describeIfSharedData('polymarket')(`bot ticks in a worker (${engine})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(engine);
    await h.addUser('usr_worker');
  });
  afterAll(async () => {
    await h.testDb.dispose();
  });

  test('the scheduler loop ticks a resumed bot at once and /metrics shows ticks, lateness percentiles and the queue', async () => {
    const venue = new ScriptedMarketData(loadElectionMarket());
    const bot = await h.bots.create('usr_worker', {
      name: 'looped',
      markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId] }],
      strategy: { kind: 'momentum', params: {} },
      intervalSecs: 60,
    });
    await h.bots.resume('usr_worker', bot.id);
    const metrics = createMetrics({ defaultMetrics: false });
    let ticked!: (e: TickEvent) => void;
    const first = new Promise<TickEvent>((resolve) => (ticked = resolve));
    const ticks = startBotTicks({
      store: createTickScheduleStore(h.db),
      tick: { store: createTickStore(h.db, h.clock), marketData: createMarketDataCache(venue, { clock: h.clock }), strategies: builtInStrategies(), execution: paperExecution, clock: h.clock, sleep: async () => {} },
      clock: h.clock,
      logger: createLogger({ level: 'silent' }),
      workerId: 'wrk_test',
      metrics,
      onTick: (e) => ticked(e),
    });
    try {
      expect(await first).toMatchObject({ botId: bot.id, outcome: 'completed', lane: 'rules' });
    } finally {
      await ticks.stop();
    }
    const text = await metrics.registry.metrics();
    expect(text).toContain('polymancer_bot_ticks_total{lane="rules",outcome="completed"} 1');
    expect(text).toContain('polymancer_bot_ticks_due{lane="rules"} 0');
    expect(text).toContain('polymancer_bot_ticks_overdue{lane="rules"} 0');
    expect(text).toContain('polymancer_bot_ticks_running{lane="rules"} 0');
    expect(text).toContain('polymancer_bot_tick_lateness_quantiles_seconds');
  });
});
