/**
 * Seeds N active paper bots for the benchmark: one template bot per market is created and resumed
 * through the bots service (validation, audit), then copied row for row — so every bot is stored
 * exactly as the service stores it — and each bot's midpoint history is seeded with the two rounds
 * before the first measured one, so a momentum bot can trade on its first tick.
 */
import { createAuditLog } from '@polymancer/audit';
import { type Bot, createBotService } from '@polymancer/bots';
import { type Clock, newId } from '@polymancer/core';
import { createAuditStore, createBotStore, type Database, schema } from '@polymancer/db';
import { eq, inArray } from 'drizzle-orm';
import type { SyntheticVenue } from './synthetic-venue.ts';

export const BENCH_USER_ID = 'usr_bench';
const ROUND_MS = 60_000;

/** The built-in strategy every benchmark bot runs: momentum on midpoints, 5 pUSD a buy. */
export const benchStrategy = { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 5_000, orderAmountMicros: 5_000_000 } } as const;

export async function seedBots(db: Database, venue: SyntheticVenue, count: number, clock: Clock, strategy: { kind: string; params: Record<string, unknown> } = benchStrategy): Promise<string[]> {
  await db.insert(schema.users).values({ id: BENCH_USER_ID, name: 'bench', email: 'bench@bench.test' }).onConflictDoNothing();
  const audit = createAuditLog({ store: createAuditStore(db), clock });
  const service = createBotService({ store: createBotStore(db), audit, clock, llmAvailable: false, markets: venue });
  const templates: Bot[] = [];
  for (const [m, market] of venue.markets.entries()) {
    const bot = await service.create(BENCH_USER_ID, {
      name: `bench template ${m}`,
      markets: [{ conditionId: market.info.conditionId, tokenIds: [market.yesTokenId, market.noTokenId] }],
      strategy,
      intervalSecs: 60,
    });
    templates.push(await service.resume(BENCH_USER_ID, bot.id));
  }
  const rows = await db.select().from(schema.bots).where(inArray(schema.bots.id, templates.map((t) => t.id)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const startMs = clock.now().getTime();
  const history = (m: number) => {
    const market = venue.markets[m];
    if (market === undefined) throw new Error(`no market ${m}`);
    const out: Record<string, Array<[number, number]>> = {};
    for (const token of [market.yesTokenId, market.noTokenId]) {
      out[token] = [-4, -3, -2, -1].map((r): [number, number] => [startMs + r * ROUND_MS, venue.midpointMicros(m, token, r)]);
    }
    return out;
  };

  const ids: string[] = [];
  const batch: Array<typeof schema.bots.$inferInsert> = [];
  const flush = async () => {
    if (batch.length > 0) await db.insert(schema.bots).values(batch.splice(0));
  };
  for (let i = 0; i < count; i++) {
    const m = i % templates.length;
    const template = byId.get(templates[m]?.id ?? '');
    if (template === undefined) throw new Error('template bot missing');
    if (i < templates.length) {
      await db.update(schema.bots).set({ midpointHistory: history(m) }).where(eq(schema.bots.id, template.id));
      ids.push(template.id);
      continue;
    }
    const id = newId('bot');
    batch.push({ ...template, id, name: `bench ${i}`, midpointHistory: history(m) });
    ids.push(id);
    if (batch.length >= 500) await flush();
  }
  await flush();
  return ids;
}
