/**
 * What the scheduler itself costs per tick (issue 17): the claims, the idle probes and the `finish` of
 * `createTickScheduler` on `bot_tick_schedules`, on PostgreSQL, with the tick replaced by one that
 * returns at once — so the figures are the scheduler's alone, not the tick's (bench/bot-ticks.ts
 * measures that). Reports, per 1,000 ticks: CPU of THIS database's server backends (read from /proc
 * by pid, so other work on the machine does not count), CPU of this process, and the scheduler's
 * statements. CPU per tick holds up on a loaded machine better than a rate does.
 *
 * Scenarios, N bots at 60 s:
 *   backlog — every bot overdue (saturation: each claim faces N due rows);
 *   steady  — bots on their slots, due at N / 60 per second (claims that find a few rows, idle probes).
 *
 *   ./node_modules/.bin/bun bench/scheduler-overhead.ts [--bots 10000] [--seconds 10] [--smoke]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createTickScheduler, type TickScheduleStore } from '@polymancer/bots';
import { type Clock, ManualClock } from '@polymancer/core';
import { createTickScheduleStore, type Database } from '@polymancer/db';
import { sql } from 'drizzle-orm';
import { adminUrlFromEnv, createBenchDatabase } from './databases.ts';
import { seedBots } from './seed-bots.ts';
import { SyntheticVenue } from './synthetic-venue.ts';

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { bots: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '10' }, smoke: { type: 'boolean', default: false } }, strict: true });
const bots = values.smoke ? 50 : Number(values.bots);
const seconds = values.smoke ? 1 : Number(values.seconds);
const systemClock: Clock = { now: () => new Date() };

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}

/** CPU ms (user + system) of the given processes so far; a pid that ended counts 0 from then on. */
function cpuMsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10; // USER_HZ 100
}

/** Counts the store's statements by kind. */
function counted(store: TickScheduleStore, counts: Record<string, number>): TickScheduleStore {
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A) => {
      counts[name] = (counts[name] ?? 0) + 1;
      return fn(...args);
    };
  return {
    claimDue: wrap('claim', store.claimDue),
    pinSlot: wrap('pin', store.pinSlot),
    finish: wrap('finish', store.finish),
    retryLater: wrap('retry', store.retryLater),
    remove: wrap('remove', store.remove),
    nextClaimableAt: wrap('next', store.nextClaimableAt),
    counts: store.counts,
  };
}

async function scenario(db: Database, name: string, prepare: string): Promise<void> {
  await db.execute(sql.raw(`update bot_tick_schedules set lease_owner = null, lease_expires_at = null, attempts = 0, due_at = ${prepare}`));
  await db.execute(sql`vacuum analyze bot_tick_schedules`);
  const counts: Record<string, number> = {};
  let ticks = 0;
  const scheduler = createTickScheduler({
    store: counted(createTickScheduleStore(db), counts),
    runTick: async () => ({ status: 'completed', trades: 0, rejections: 0, holds: 1, settlements: 0, balanceMicros: 0, equityMicros: 0 }),
    clock: systemClock,
    owner: 'wrk_bench',
    onTick: () => {
      ticks += 1;
    },
  });
  // Warm the pool (its connections are the backends measured), then measure.
  await Promise.all(Array.from({ length: 8 }, () => db.execute(sql`select 1`)));
  const pids = (await rows<{ pid: number }>(db, sql`select pid from pg_stat_activity where datname = current_database()`)).map((r) => Number(r.pid));
  const server0 = cpuMsOf(pids);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  scheduler.start();
  await Bun.sleep(seconds * 1000);
  await scheduler.stop();
  const wall = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(client0);
  const server = cpuMsOf(pids) - server0;
  const per1000 = (n: number) => ((n * 1000) / Math.max(1, ticks)).toFixed(0);
  const statements = Object.entries(counts)
    .map(([k, v]) => `${k} ${per1000(v)}`)
    .join(', ');
  console.log(
    `  ${name}: ${ticks} ticks in ${wall.toFixed(1)} s (${(ticks / wall).toFixed(0)}/s); per 1,000 ticks: server ${per1000(server)} ms CPU, ` +
      `this process ${per1000((client.user + client.system) / 1000)} ms CPU; statements ${statements}`,
  );
}

const bench = await createBenchDatabase(adminUrlFromEnv(), 8);
try {
  const db = bench.handle.db;
  const clock = new ManualClock(Date.now());
  const venue = new SyntheticVenue(undefined, 'path');
  const t0 = performance.now();
  await seedBots(db, venue, bots, clock);
  await db.execute(sql`update bots set user_id = 'usr_bench'`);
  await db.execute(sql.raw(`insert into users (id, name, email) select 'usr_b' || g, 'b', 'b' || g || '@bench.test' from generate_series(1, 9) g on conflict do nothing`));
  // Ten users, as in bench/scheduling.ts (fairness ranks per user).
  await db.execute(sql`update bot_tick_schedules set user_id = case when (hashtext(bot_id) & 9) = 0 then 'usr_bench' else 'usr_b' || ((abs(hashtext(bot_id)) % 9) + 1) end`);
  console.log(`scheduler overhead bench${values.smoke ? ' (smoke)' : ''}: ${bots} bots at 60 s, tick replaced by a no-op (seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  await scenario(db, `backlog (all ${bots} overdue)`, `bot_tick_next_slot(bot_id, 60, now() - interval '1 hour')`);
  await scenario(db, `steady (${bots} on their slots, ${(bots / 60).toFixed(0)}/s due)`, `bot_tick_next_slot(bot_id, 60, now())`);
} finally {
  await bench.dispose();
}
