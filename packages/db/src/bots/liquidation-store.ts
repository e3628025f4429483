/** `@polymancer/bots`' `LiquidationStore` over `bot_liquidations`: one row per "close all positions" run. */
import type { HoldingResult, LiquidationRecord, LiquidationStore } from '@polymancer/bots';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { botLiquidations } from '../schema/index.ts';

type Row = typeof botLiquidations.$inferSelect;

const fromRow = (r: Row): LiquidationRecord => ({
  ...r,
  type: r.type === 'live' ? 'live' : 'paper',
  requestedByType: r.requestedByType === 'operator' ? 'operator' : 'user',
  status: r.status === 'completed' ? 'completed' : r.status === 'partial' ? 'partial' : 'running',
  results: r.results as unknown as readonly HoldingResult[],
});

export function createLiquidationStore(db: Database): LiquidationStore {
  return {
    async insert(run) {
      await db.insert(botLiquidations).values({ ...run, results: run.results as unknown as Row['results'] });
    },
    async finish(id, patch) {
      const [row] = await db
        .update(botLiquidations)
        .set({ ...patch, results: patch.results as unknown as Row['results'] })
        .where(eq(botLiquidations.id, id))
        .returning();
      return row === undefined ? undefined : fromRow(row);
    },
    async listForBot(botId, limit) {
      const rows = await db.select().from(botLiquidations).where(eq(botLiquidations.botId, botId)).orderBy(desc(botLiquidations.startedAt), desc(botLiquidations.id)).limit(limit);
      return rows.map(fromRow);
    },
  };
}
