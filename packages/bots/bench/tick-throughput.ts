/**
 * Tick throughput on a real database: N bots (momentum) sharing the recorded election market,
 * ticked in rounds with C concurrent ticks; prints ticks per second. Not the full benchmark
 * (that lives in the repository's bench/, with pgbench beside it) — a quick probe of this package.
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test N=200 C=10 [FLAT=1] bun packages/bots/bench/tick-throughput.ts [--smoke]
 * FLAT=1 keeps the book still (hold ticks only). `--smoke` (CI): 5 bots. Without TEST_DATABASE_URL it
 * runs on the embedded PGlite (ENGINE=pglite|postgres chooses). Exits 1 when a tick does not complete, or when
 * the moving book makes no trade.
 */
import { parseArgs } from 'node:util';
import { ManualClock } from '@polymancer/core';
import { createAuditLog } from '@polymancer/audit';
import { createAuditStore, createBotStore, createTickStore, schema } from '@polymancer/db';
import { builtInStrategies } from '@polymancer/strategies';
import { createTestDatabase } from '../../../test/databases.ts';
import { createBotService, createMarketDataCache, paperExecution, runTick } from '../src/index.ts';
import { loadElectionMarket, ScriptedMarketData } from '../test/recorded-market.ts';

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { smoke: { type: 'boolean', default: false } }, strict: true });
const engine = (process.env.ENGINE ?? (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')) as 'postgres' | 'pglite';
const N = values.smoke ? 5 : Number(process.env.N ?? 200);
const db0 = await createTestDatabase(engine);
const db = db0.handle.db;
const clock = new ManualClock(Date.UTC(2026, 2, 1));
const audit = createAuditLog({ store: createAuditStore(db), clock });
const bots = createBotService({ store: createBotStore(db), audit, clock, llmAvailable: false });
await db.insert(schema.users).values({ id: 'usr_b', name: 'b', email: 'b@x.test' });
const venue = new ScriptedMarketData(loadElectionMarket());
const ids: string[] = [];
for (let i = 0; i < N; i++) {
  const b = await bots.create('usr_b', { name: `b${i}`, markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId, venue.recorded.noTokenId] }], strategy: { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 1_000, orderAmountMicros: 5_000_000 } } });
  await bots.resume('usr_b', b.id);
  ids.push(b.id);
}
const deps = { store: createTickStore(db, clock), marketData: createMarketDataCache(venue, { clock }), strategies: builtInStrategies(), execution: paperExecution, clock };
const path = process.env.FLAT ? [0, 0, 0, 0, 0, 0] : [0, 3, 6, 3, 0, -3];
const conc = Number(process.env.C ?? 10);
let total = 0;
let trades = 0;
let failed = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let r = 0; r < path.length; r++) {
  clock.advance(60_000);
  venue.setShift(path[r] ?? 0, clock.now().getTime());
  const now = clock.now();
  let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const res = await runTick(deps, { botId: id, tickKey: `r${r}` }, now);
      if (res.status === 'completed') trades += res.trades;
      else failed++;
      total++;
    }
  }));
}
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`client CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms/tick`);
console.log(`${engine} N=${N} ticks=${total} trades=${trades} ${(total / secs).toFixed(0)} ticks/s, ${(secs * 1000 / total).toFixed(2)} ms/tick wall`);
await db0.dispose();
if (failed > 0 || (trades === 0 && !process.env.FLAT)) {
  console.error(`tick-throughput: ${failed} ticks did not complete, ${trades} trades on a moving book: the tick is broken`);
  process.exitCode = 1;
}
