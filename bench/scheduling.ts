/**
 * End-to-end benchmark of bot scheduling (issue 17): the real `./polymancer start` on PostgreSQL (API,
 * worker with the tick scheduler, local exchange over HTTP), N bots created and resumed THROUGH THE
 * API by several users, each on its interval. For each scenario it prints ticks per second asked and
 * delivered, lateness (tick start − slot start, from `bot_tick_runs`) p50/p99/max, and bots that never
 * ticked in the window; then the `bench/bot-ticks.ts` ceiling (the tick driven directly) in the same run.
 *
 * Scenarios: 1,000 bots at 5 s (200/s asked); 10,000 at 60 s (167/s); the same with a second worker
 * process (`bun apps/worker/src/main.ts`); and saturation — 10,000 at 5 s (2,000/s asked) with two
 * workers, then one — whose delivered rate is the highest the system sustains end to end.
 * Between scenarios the interval is changed in SQL (the bots were created through the API; re-editing
 * 10,000 of them over HTTP would measure the API, not the scheduler); the `bots` trigger moves each
 * edited bot to its first slot of the new interval, as an edit through the API does.
 *
 *   ./node_modules/.bin/bun bench/scheduling.ts [--smoke] [--users 10] [--small 1000] [--large 10000]
 *   (server: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { createMarketCatalogue } from '@polymancer/polymarket';
import { freePort, startPolymancer, startProcess, type RunningProcess } from '../test/processes.ts';
import { runTickScenario } from './bot-ticks.ts';
import { adminSql, adminUrlFromEnv, databaseUrl, freshDatabaseName } from './databases.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ args: Bun.argv.slice(2), options: { smoke: { type: 'boolean', default: false }, users: { type: 'string', default: '10' }, small: { type: 'string' }, large: { type: 'string' } }, strict: true });
const smoke = values.smoke;
const users = Number(values.users);
/** Smoke: every step once, tiny and brief; the figures mean nothing. */
const plan = smoke
  ? { small: 20, large: 40, fastSecs: 5, slowSecs: 5, warmSecs: 1, measureFastSecs: 3, measureSlowSecs: 3, saturationSecs: 3, ceilingSecs: 1 }
  : { small: 1_000, large: 10_000, fastSecs: 5, slowSecs: 60, warmSecs: 0, measureFastSecs: 30, measureSlowSecs: 75, saturationSecs: 30, ceilingSecs: 15 };
/** Settling time after a change: one interval (every bot past its first, immediate, tick), or the smoke's second. */
const warm = (intervalSecs: number) => Bun.sleep((plan.warmSecs || intervalSecs) * 1000);

if (values.small !== undefined) plan.small = Number(values.small);
if (values.large !== undefined) plan.large = Number(values.large);

const TARGET_P99_MS = 2_000;
const TARGET_SHARE_OF_CEILING = 0.5;

interface Window {
  readonly name: string;
  readonly bots: number;
  readonly askedPerSec: number;
  readonly deliveredPerSec: number;
  readonly ticks: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly neverTicked: number;
  readonly missedSlots: number;
}

const adminUrl = adminUrlFromEnv();
const dbName = freshDatabaseName('sched');
const admin = adminSql(adminUrl);
await admin.unsafe(`create database ${dbName}`);
const url = databaseUrl(adminUrl, dbName);
const sql = postgres(url, { max: 2, onnotice: () => {} });
const dataDir = mkdtempSync(join(tmpdir(), 'pm-sched-'));
const processes: RunningProcess[] = [];
const say = (line: string) => console.log(line);

async function main(): Promise<number> {
  const port = await freePort();
  const simPort = await freePort();
  const env = {
    DATABASE_URL: url,
    DATABASE_POOL_MAX: '20',
    PORT: String(port),
    CLOB_SIM_PORT: String(simPort),
    POLYMANCER_DATA_DIR: dataDir,
    DEMO_USER: 'false',
    AUTH_RATE_LIMIT_MAX: '100000',
    // Thousands of bots per user on purpose: the bench measures the scheduler, not the per-user quota.
    MAX_BOTS_PER_USER: '1000000',
    LOG_LEVEL: 'warn',
  };
  const start = startPolymancer(['start'], env);
  processes.push(start);
  const [, apiUrl] = await start.waitFor(/serving at (http:\/\/\S+)/, 180_000);
  const [, exchangeUrl] = await start.waitFor(/exchange: (\S+)/);
  const markets = (await createMarketCatalogue({ clobUrl: exchangeUrl!, gammaUrl: `${exchangeUrl}/gamma` }).list({ active: true, closed: false, limit: 20 })).filter((m) => m.outcomes.length >= 2);
  if (markets.length === 0) throw new Error('the local exchange lists no market');

  // Users sign up through the API; each creates and resumes its share of the bots.
  const tokens: string[] = [];
  for (let u = 0; u < users; u++) {
    const res = await fetch(`${apiUrl}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench${u}@example.test`, password: 'bench-password-1234', name: `bench ${u}` }),
    });
    const token = res.headers.get('set-auth-token');
    if (res.status !== 200 || token === null) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
    tokens.push(token);
  }
  let created = 0;
  const createBots = async (count: number, intervalSecs: number) => {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < count) {
          const i = created + next++;
          const auth = { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json' };
          const m = markets[i % markets.length]!;
          const res = await fetch(`${apiUrl}/api/v1/bots`, {
            method: 'POST',
            // A fresh connection per request: a pooled one the server closed while idle between two
            // scenarios (its idle timeout) failed the next create with ECONNRESET on a loaded machine.
            keepalive: false,
            headers: auth,
            body: JSON.stringify({ name: `bench ${i}`, markets: [{ conditionId: m.conditionId, tokenIds: m.outcomes.map((o) => o.tokenId) }], strategy: { kind: 'momentum', params: {} }, intervalSecs }),
          });
          if (res.status !== 201 && res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`);
          const { id } = (await res.json()) as { id: string };
          const resumed = await fetch(`${apiUrl}/api/v1/bots/${id}/resume`, { method: 'POST', headers: auth, body: '{}', keepalive: false });
          if (resumed.status !== 200) throw new Error(`resume answered ${resumed.status}: ${await resumed.text()}`);
        }
      }),
    );
    created += count;
    say(`  created and resumed ${count} bots through the API in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const setInterval = async (secs: number) => {
    await sql`update bots set interval_secs = ${secs}`;
  };

  const measure = async (name: string, intervalSecs: number, windowSecs: number): Promise<Window> => {
    const t0 = new Date();
    const missed0 = await missedSlots();
    await Bun.sleep(windowSecs * 1000);
    const t1 = new Date();
    const [row] = await sql<Array<{ n: number; p50: number | null; p99: number | null; max: number | null }>>`
      select count(*)::int as n,
        percentile_cont(0.5) within group (order by extract(epoch from started_at - tick_key::timestamptz)) * 1000 as p50,
        percentile_cont(0.99) within group (order by extract(epoch from started_at - tick_key::timestamptz)) * 1000 as p99,
        max(extract(epoch from started_at - tick_key::timestamptz)) * 1000 as max
      from bot_tick_runs where started_at >= ${t0} and started_at < ${t1}`;
    const [never] = await sql<Array<{ n: number }>>`
      select count(*)::int as n from bots b where b.status = 'active'
        and not exists (select 1 from bot_tick_runs r where r.bot_id = b.id and r.started_at >= ${t0} and r.started_at < ${t1})`;
    const [bots] = await sql<Array<{ n: number }>>`select count(*)::int as n from bots where status = 'active'`;
    const seconds = (t1.getTime() - t0.getTime()) / 1000;
    const w: Window = {
      name,
      bots: bots!.n,
      askedPerSec: bots!.n / intervalSecs,
      deliveredPerSec: row!.n / seconds,
      ticks: row!.n,
      p50Ms: Number(row!.p50 ?? Number.NaN),
      p99Ms: Number(row!.p99 ?? Number.NaN),
      maxMs: Number(row!.max ?? Number.NaN),
      neverTicked: never!.n,
      missedSlots: (await missedSlots()) - missed0,
    };
    say(
      `  ${name}: asked ${w.askedPerSec.toFixed(0)}/s, delivered ${w.deliveredPerSec.toFixed(0)}/s (${w.ticks} ticks in ${seconds.toFixed(0)} s); ` +
        `lateness p50 ${w.p50Ms.toFixed(0)} ms, p99 ${w.p99Ms.toFixed(0)} ms, max ${w.maxMs.toFixed(0)} ms; never ticked ${w.neverTicked}; missed slots ${w.missedSlots}; load ${loadavg()[0]!.toFixed(2)}`,
    );
    return w;
  };
  const missedSlots = async () => Number((await sql<Array<{ n: string }>>`select coalesce(sum(missed_slots), 0)::bigint as n from bot_tick_schedules`)[0]!.n);

  say(`scheduling bench${smoke ? ' (smoke)' : ''}: start on PostgreSQL, ${users} users, bots created through the API`);
  const results: Window[] = [];
  await createBots(plan.small, plan.fastSecs);
  await warm(plan.fastSecs);
  results.push(await measure(`${plan.small} bots @${plan.fastSecs} s, 1 worker`, plan.fastSecs, plan.measureFastSecs));

  // The first bots move to the slow interval BEFORE the others are created at it: an interval edit puts
  // each bot on its next slot of the new interval, so the large scenario starts without a backlog
  // (created at the fast interval, 10,000 bots would ask 2,000/s while being created).
  await setInterval(plan.slowSecs);
  await createBots(plan.large - plan.small, plan.slowSecs);
  await warm(plan.slowSecs);
  results.push(await measure(`${plan.large} bots @${plan.slowSecs} s, 1 worker`, plan.slowSecs, plan.measureSlowSecs));

  const worker = startWorkerProcess(env, exchangeUrl!);
  processes.push(worker);
  await worker.waitFor(/worker started/, 120_000);
  results.push(await measure(`${plan.large} bots @${plan.slowSecs} s, 2 workers`, plan.slowSecs, plan.measureSlowSecs));

  await setInterval(plan.fastSecs);
  await warm(plan.fastSecs);
  const two = await measure(`saturation: ${plan.large} bots @${plan.fastSecs} s, 2 workers`, plan.fastSecs, plan.saturationSecs);
  await worker.stop('SIGTERM');
  await warm(plan.fastSecs);
  const one = await measure(`saturation: ${plan.large} bots @${plan.fastSecs} s, 1 worker`, plan.fastSecs, plan.saturationSecs);
  await start.stop('SIGTERM');

  const ceiling = await runTickScenario(adminUrl, { bots: plan.small, concurrency: 10, seconds: plan.ceilingSecs });
  say(`  ceiling (bench/bot-ticks.ts, the tick driven directly, ${plan.small} bots, 10 in flight): ${ceiling.ticksPerSec.toFixed(0)} ticks/s`);

  const best = Math.max(...[...results, one, two].map((w) => w.deliveredPerSec));
  const targets = [
    ...results.map((w) => [`${w.name}: delivers what it asks (≥ 95 %), p99 < 2 s, none starved`, w.deliveredPerSec >= 0.95 * w.askedPerSec && w.p99Ms < TARGET_P99_MS && w.neverTicked === 0] as const),
    [`highest sustained rate ${best.toFixed(0)}/s ≥ 50 % of the ceiling ${ceiling.ticksPerSec.toFixed(0)}/s (${((best / ceiling.ticksPerSec) * 100).toFixed(0)} %)`, best >= TARGET_SHARE_OF_CEILING * ceiling.ticksPerSec] as const,
    [`two workers deliver more than one at saturation (${two.deliveredPerSec.toFixed(0)}/s vs ${one.deliveredPerSec.toFixed(0)}/s)`, two.deliveredPerSec > one.deliveredPerSec] as const,
  ];
  say('targets:');
  for (const [what, met] of targets) say(`  ${met ? 'met    ' : 'NOT MET'} ${what}`);
  return 0;
}

function startWorkerProcess(env: Record<string, string>, exchangeUrl: string): RunningProcess {
  // The standalone worker logs JSON; LOG_LEVEL info so its "worker started" line shows.
  return startProcess(process.execPath, [join(root, 'apps/worker/src/main.ts')], { ...env, LOG_LEVEL: 'info', POLYMARKET_CLOB_URL: exchangeUrl });
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(err);
  for (const p of processes) console.error(p.output().slice(-3000));
  process.exitCode = 1;
} finally {
  for (const p of processes) await p.stop('SIGTERM').catch(() => undefined);
  await sql.end({ timeout: 5 });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end({ timeout: 5 });
  rmSync(dataDir, { recursive: true, force: true });
}
