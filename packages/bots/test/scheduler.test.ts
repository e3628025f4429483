/**
 * The bot-tick scheduler on the real stores (`bot_tick_schedules`, the tick store), under a manual
 * clock: the queue follows the bots table, users are served fairly, a slow LLM strategy does not hold
 * up rule-based bots, two workers never tick one bot at once (two connections, row locks), and a
 * killed worker's tick is retried exactly once.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { and, eq, sql } from 'drizzle-orm';
import { createTickScheduleStore, createTickStore, openDatabase, schema } from '@polymancer/db';
import { builtInStrategies, type Strategy, type LlmParams } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createTickScheduler, createMarketDataCache, paperExecution, runTick, slotPhaseMs, slotStartMs, slotTickKey, type TickEvent, type TickDeps } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';

const describeWithData = describeIfSharedData('polymarket');
const momentum = { kind: 'momentum', params: { lookbackMoves: 2, thresholdMicros: 4_000, orderAmountMicros: 10_000_000 } };

/** An LLM strategy that answers only when the test lets it: the slowest possible model. */
function gatedLlm() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let entered!: () => void;
  const asked = new Promise<void>((resolve) => (entered = resolve));
  const strategy: Strategy<LlmParams> = {
    kind: 'llm',
    async decide() {
      entered();
      await opened;
      return { kind: 'hold', code: 'llm_hold', reasoning: 'waited for the test' };
    },
  };
  return { strategy, open, asked };
}

for (const engine of testEngines()) {
  describeWithData(`tick scheduler (${engine})`, () => {
    let h: Harness;
    let deps: TickDeps;
    let venue: ScriptedMarketData;
    const llm = gatedLlm();
    const scheduler = (owner: string, onTick?: (e: TickEvent) => void, db = h.db) =>
      createTickScheduler({
        store: createTickScheduleStore(db),
        runTick: (request, now) => runTick({ ...deps, store: createTickStore(db, h.clock) }, request, now),
        clock: h.clock,
        owner,
        lanes: { rules: { concurrency: 2, leaseMs: 30_000 }, llm: { concurrency: 1, leaseMs: 120_000 } },
        ...(onTick === undefined ? {} : { onTick }),
      });
    const makeBot = async (userId: string, name: string, strategy: { kind: string; params: Record<string, unknown> } = momentum, intervalSecs = 60) => {
      const bot = await h.bots.create(userId, {
        name,
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId] }],
        strategy,
        intervalSecs,
        startingBalanceMicros: 100_000_000,
      });
      await h.bots.resume(userId, bot.id);
      return bot.id;
    };
    const schedules = () => h.db.select().from(schema.botTickSchedules);
    const dropAll = async () => {
      for (const row of await schedules()) await h.bots.pause(row.userId, row.botId);
    };
    const runsOf = (botId: string) => h.db.select().from(schema.botTickRuns).where(eq(schema.botTickRuns.botId, botId));

    beforeAll(async () => {
      h = await createHarness(engine, { llmAvailable: true });
      venue = new ScriptedMarketData(loadElectionMarket());
      deps = { store: createTickStore(h.db, h.clock), marketData: createMarketDataCache(venue, { clock: h.clock }), strategies: builtInStrategies(llm.strategy), execution: paperExecution, clock: h.clock, sleep: async () => {} };
      await h.addUser('usr_many');
      await h.addUser('usr_one');
    });
    afterAll(async () => {
      llm.open();
      await h.testDb.dispose();
    });

    test('the queue follows the bots table: resumed bots are due at once, paused ones leave, LLM bots get their own lane', async () => {
      const rules = await makeBot('usr_one', 'rules');
      const slow = await makeBot('usr_one', 'slow', { kind: 'llm', params: { model: 'openai/gpt-4o-mini' } });
      const rows = await schedules();
      expect(rows.map((r) => [r.botId, r.lane, r.intervalSecs]).sort()).toEqual([[rules, 'rules', 60], [slow, 'llm', 60]].sort());
      const fresh = await h.db.execute(sql`select count(*)::int as n from bot_tick_schedules where due_at = '-infinity'`);
      expect(Number((Array.isArray(fresh) ? fresh[0] : (fresh as { rows: Array<{ n: number }> }).rows[0])?.n)).toBe(2);
      await h.bots.pause('usr_one', rules);
      expect((await schedules()).map((r) => r.botId)).toEqual([slow]);
      await h.bots.pause('usr_one', slow);
      expect(await schedules()).toEqual([]);
    });

    test('ticks a new bot at its current slot, then at each next slot of its phase, recording lateness and missed slots', async () => {
      const id = await makeBot('usr_one', 'punctual');
      const events: TickEvent[] = [];
      const s = scheduler('wrk_a', (e) => events.push(e));
      const t0 = h.clock.now().getTime();
      expect(await s.runDue()).toBe(1);
      const first = slotStartMs(id, 60, t0);
      expect(events[0]).toMatchObject({ botId: id, tickKey: slotTickKey(first), outcome: 'completed', latenessMs: null, missedSlots: 0 });
      expect(await s.runDue()).toBe(0);
      // 300 ms after the next slot starts: on time.
      h.clock.set(first + 60_000 + 300);
      expect(await s.runDue()).toBe(1);
      expect(events[1]).toMatchObject({ tickKey: slotTickKey(first + 60_000), latenessMs: 300, late: false, missedSlots: 0 });
      // The worker was away for three slots: the current slot runs (late), the three are counted, none is silently lost.
      h.clock.set(first + 5 * 60_000 + 2_500);
      expect(await s.runDue()).toBe(1);
      expect(events[2]).toMatchObject({ tickKey: slotTickKey(first + 5 * 60_000), latenessMs: 2_500, late: true, missedSlots: 3 });
      const [row] = await h.db.select().from(schema.botTickSchedules).where(eq(schema.botTickSchedules.botId, id));
      expect(row).toMatchObject({ missedSlots: 3, lateTicks: 1, lastLatenessMs: 2_500, dueAt: new Date(first + 6 * 60_000), leaseOwner: null });
      expect((await runsOf(id)).length).toBe(3);
      await dropAll();
    });

    const rowOf = async (botId: string) => (await h.db.select().from(schema.botTickSchedules).where(eq(schema.botTickSchedules.botId, botId)))[0]!;
    const dbNow = async () => {
      const result = await h.db.execute(sql`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`);
      return Number((Array.isArray(result) ? result[0] : (result as { rows: Array<{ ms: number }> }).rows[0])?.ms);
    };

    test('the database computes each bot’s slot phase as the scheduler does', async () => {
      const ids = ['bot_a', 'bot_01JD8V3K9QX2M7ZP4T6W5R1Y0N', 'x', ...Array.from({ length: 40 }, (_, i) => `bot_${i}_${(i * 7919).toString(36)}`)];
      for (const intervalSecs of [5, 60, 3_600, 86_400]) {
        const result = await h.db.execute(sql`select id, bot_tick_slot_phase_ms(id, ${intervalSecs}::int)::float8 as phase from unnest(${sql.raw(`array[${ids.map((i) => `'${i}'`).join(',')}]`)}::text[]) as id`);
        const rows = Array.isArray(result) ? result : (result as { rows: Array<{ id: string; phase: number }> }).rows;
        expect(rows.map((r) => [r.id, Number(r.phase)])).toEqual(ids.map((id) => [id, slotPhaseMs(id, intervalSecs)]));
      }
    });

    test('an interval edit moves the bot to its first slot of the new interval, never an overdue slot of the old one', async () => {
      const id = await makeBot('usr_one', 'retimed', momentum, 5);
      // The bot is behind (its slot of the old interval passed long ago), as during a backlog.
      await h.db.update(schema.botTickSchedules).set({ dueAt: new Date(Date.UTC(2026, 1, 1)) }).where(eq(schema.botTickSchedules.botId, id));
      const before = await dbNow();
      await h.bots.update('usr_one', id, { intervalSecs: 60 });
      const after = await dbNow();
      const due = (await rowOf(id)).dueAt.getTime();
      expect(slotStartMs(id, 60, due)).toBe(due); // on the 60 s grid of this bot's phase
      expect(due).toBeGreaterThanOrEqual(Math.floor(before) - 1);
      expect(due).toBeLessThan(after + 60_000);
      // A new or resumed bot still ticks at once; a row under a lease keeps its slot (its retry's key).
      const fresh = await makeBot('usr_one', 'fresh', momentum, 5);
      await h.bots.update('usr_one', fresh, { intervalSecs: 60 });
      const stillFresh = await h.db.execute(sql`select count(*)::int as n from bot_tick_schedules where bot_id = ${fresh} and due_at = '-infinity'`);
      expect(Number((Array.isArray(stillFresh) ? stillFresh[0] : (stillFresh as { rows: Array<{ n: number }> }).rows[0])?.n)).toBe(1);
      const leased = new Date(Date.UTC(2026, 1, 1));
      await h.db.update(schema.botTickSchedules).set({ dueAt: leased, leaseOwner: 'wrk_x', leaseExpiresAt: new Date(Date.UTC(2026, 1, 2)) }).where(eq(schema.botTickSchedules.botId, fresh));
      await h.bots.update('usr_one', fresh, { intervalSecs: 30 });
      expect((await rowOf(fresh)).dueAt).toEqual(leased);
      await h.db.update(schema.botTickSchedules).set({ leaseOwner: null, leaseExpiresAt: null });
      await dropAll();
    });

    test('a bot whose slot is off its grid (kept through an edit) ticks it, then returns to its grid', async () => {
      const id = await makeBot('usr_one', 'off grid');
      const grid = slotStartMs(id, 60, h.clock.now().getTime()) + 60_000;
      const off = grid + 17_000; // a slot of some other phase
      await h.db.update(schema.botTickSchedules).set({ dueAt: new Date(off) }).where(eq(schema.botTickSchedules.botId, id));
      h.clock.set(off + 100);
      const events: TickEvent[] = [];
      expect(await scheduler('wrk_a', (e) => events.push(e)).runDue('rules')).toBe(1);
      expect(events[0]).toMatchObject({ botId: id, tickKey: slotTickKey(off), latenessMs: 100, missedSlots: 0 });
      // Back on its grid, at least an interval later: grid + 60 s would tick twice within 43 s.
      expect((await rowOf(id)).dueAt).toEqual(new Date(grid + 120_000));
      await dropAll();
    });

    test('fairness: one user’s many bots, due earlier, do not delay another user’s bot', async () => {
      const many = [];
      for (let i = 0; i < 12; i++) many.push(await makeBot('usr_many', `many ${i}`));
      const single = await makeBot('usr_one', 'single');
      const now = h.clock.now().getTime();
      // usr_many's bots have waited 5 s, usr_one's 1 s: oldest-first alone would serve all twelve first.
      await h.db.update(schema.botTickSchedules).set({ dueAt: new Date(now - 5_000) }).where(eq(schema.botTickSchedules.userId, 'usr_many'));
      await h.db.update(schema.botTickSchedules).set({ dueAt: new Date(now - 1_000) }).where(eq(schema.botTickSchedules.botId, single));
      const order: string[] = [];
      expect(await scheduler('wrk_a', (e) => order.push(e.botId)).runDue('rules')).toBe(13);
      // Concurrency 2: the first claim takes usr_many's oldest and usr_one's only bot.
      expect(order.slice(0, 2)).toContain(single);
      await dropAll();
    });

    test('a slow LLM strategy does not delay rule-based bots', async () => {
      const slow = await makeBot('usr_one', 'thinker', { kind: 'llm', params: { model: 'openai/gpt-4o-mini' } });
      const fast: string[] = [];
      for (let i = 0; i < 5; i++) fast.push(await makeBot('usr_many', `fast ${i}`));
      const done: TickEvent[] = [];
      const s = scheduler('wrk_a', (e) => done.push(e));
      const llmLane = s.runDue('llm');
      await llm.asked;
      // The LLM tick is in flight and will not answer until told; the rules lane runs all its bots meanwhile.
      expect(await s.runDue('rules')).toBe(5);
      expect(done.map((e) => e.botId).sort()).toEqual([...fast].sort());
      expect(s.running('llm')).toBe(1);
      llm.open();
      expect(await llmLane).toBe(1);
      expect(done.at(-1)).toMatchObject({ botId: slow, lane: 'llm', outcome: 'completed' });
      await dropAll();
    });

    /** A worker that dies mid-tick: after applying it (`applied`) or before; it never records the outcome. */
    const dyingWorker = (owner: string, applyFirst: boolean) => {
      let died!: (tickKey: string) => void;
      const death = new Promise<string>((resolve) => (died = resolve));
      const s = createTickScheduler({
        store: createTickScheduleStore(h.db),
        runTick: async (request, now) => {
          if (applyFirst) await runTick(deps, request, now);
          died(request.tickKey);
          return new Promise<never>(() => {});
        },
        clock: h.clock,
        owner,
        lanes: { rules: { concurrency: 2, leaseMs: 30_000 } },
      });
      void s.runDue('rules');
      return death;
    };

    test('a killed worker’s tick is retried exactly once, under the same tick key, by another worker', async () => {
      const id = await makeBot('usr_one', 'orphan');
      // 1 s into the bot's slot, so the lease (30 s) runs out inside the same slot.
      const start = slotStartMs(id, 60, h.clock.now().getTime()) + 60_000 + 1_000;
      h.clock.set(start);
      // Worker A claims the tick, applies it, and dies before recording that it finished.
      const key = await dyingWorker('wrk_dead', true);
      expect(key).toBe(slotTickKey(slotStartMs(id, 60, start)));

      const events: TickEvent[] = [];
      const b = scheduler('wrk_b', (e) => events.push(e));
      h.clock.advance(29_999);
      expect(await b.runDue()).toBe(0); // the lease still holds
      h.clock.advance(2);
      expect(await b.runDue()).toBe(1);
      expect(events).toEqual([expect.objectContaining({ botId: id, tickKey: key, retry: true, outcome: 'duplicate' })]);
      expect(await b.runDue()).toBe(0); // exactly once: the slot is done, the next is scheduled
      expect((await runsOf(id)).map((r) => r.tickKey)).toEqual([key]);
      const next = slotStartMs(id, 60, start) + 60_000;
      const [row] = await h.db.select().from(schema.botTickSchedules).where(eq(schema.botTickSchedules.botId, id));
      expect(row).toMatchObject({ attempts: 0, leaseOwner: null, dueAt: new Date(next) });

      // Killed before the tick committed: the retry applies it, once.
      h.clock.set(next);
      expect(await dyingWorker('wrk_dead_2', false)).toBe(slotTickKey(next));
      h.clock.advance(30_001);
      expect(await b.runDue()).toBe(1);
      expect(events[1]).toMatchObject({ tickKey: slotTickKey(next), retry: true, outcome: 'completed' });
      expect(await b.runDue()).toBe(0);
      expect((await runsOf(id)).map((r) => r.tickKey).sort()).toEqual([key, slotTickKey(next)]);
      await dropAll();
    });

    test.if(engine === 'postgres')('two workers never claim one bot at once: a claim skips rows another holds, on its own connection', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await makeBot('usr_many', `shared ${i}`));
      const other = await openDatabase({ databaseUrl: h.testDb.url!, poolMax: 2 });
      try {
        const now = h.clock.now();
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        let firstClaim: string[] = [];
        // Worker A's claim, inside a transaction held open: its rows stay locked until it commits.
        const a = h.db.transaction(async (tx) => {
          firstClaim = (await createTickScheduleStore(tx as unknown as typeof h.db).claimDue({ lane: 'rules', now, limit: 4, owner: 'wrk_a', leaseMs: 30_000 })).map((c) => c.botId);
          await released;
        });
        while (firstClaim.length === 0) await new Promise((r) => setImmediate(r));
        // Worker B, on another connection, while A's rows are locked: it takes the others without waiting.
        const second = (await createTickScheduleStore(other.db).claimDue({ lane: 'rules', now, limit: 10, owner: 'wrk_b', leaseMs: 30_000 })).map((c) => c.botId);
        expect(firstClaim.length).toBe(4);
        expect(second.length).toBe(2);
        expect([...firstClaim, ...second].sort()).toEqual([...ids].sort());
        const waiting = await h.db.execute(sql`select count(*)::int as n from pg_locks where not granted`);
        expect(Number((waiting as unknown as Array<{ n: number }>)[0]?.n)).toBe(0);
        release();
        await a;
        // Every bot is now leased: a third claim finds nothing.
        expect(await createTickScheduleStore(other.db).claimDue({ lane: 'rules', now, limit: 10, owner: 'wrk_c', leaseMs: 30_000 })).toEqual([]);
        const leased = await h.db.select().from(schema.botTickSchedules).where(and(eq(schema.botTickSchedules.leaseOwner, 'wrk_a')));
        expect(leased.map((r) => r.botId).sort()).toEqual([...firstClaim].sort());
      } finally {
        await other.close();
      }
      // Release the leases for the next test.
      await h.db.update(schema.botTickSchedules).set({ leaseOwner: null, leaseExpiresAt: null });
      await dropAll();
    });

    test.if(engine === 'postgres')('two schedulers on two connections tick every bot exactly once between them', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push(await makeBot(i % 2 === 0 ? 'usr_many' : 'usr_one', `pair ${i}`));
      const other = await openDatabase({ databaseUrl: h.testDb.url!, poolMax: 4 });
      try {
        const ticked: Array<[string, string]> = [];
        const a = scheduler('wrk_a', (e) => ticked.push(['a', e.botId]));
        const b = scheduler('wrk_b', (e) => ticked.push(['b', e.botId]), other.db);
        const [na, nb] = await Promise.all([a.runDue('rules'), b.runDue('rules')]);
        expect(na + nb).toBe(20);
        expect(ticked.map(([, id]) => id).sort()).toEqual([...ids].sort());
        for (const id of ids) expect((await runsOf(id)).length).toBe(1);
      } finally {
        await other.close();
      }
      await dropAll();
    });
  });
}
