/** `@polymancer/bots`' `LiquidationStore` over `bot_liquidations`: one row per "close all positions" run. */
import type { HoldingResult, LiquidationRecord, LiquidationStatus, LiquidationStore } from '@polymancer/bots';
import { and, asc, desc, eq, inArray, like, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { botLiquidations, liveOrders, tradeLogs } from '../schema/index.ts';

type Row = typeof botLiquidations.$inferSelect;

const fromRow = (r: Row): LiquidationRecord => ({
  ...r,
  type: r.type === 'live' ? 'live' : 'paper',
  requestedByType: r.requestedByType === 'operator' ? 'operator' : 'user',
  status: (['completed', 'partial', 'interrupted'] as const).find((s) => s === r.status) ?? ('running' satisfies LiquidationStatus),
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
    async staleRuns(startedBefore, limit) {
      const rows = await db
        .select()
        .from(botLiquidations)
        .where(and(eq(botLiquidations.status, 'running'), lt(botLiquidations.startedAt, startedBefore)))
        .orderBy(asc(botLiquidations.startedAt), asc(botLiquidations.id))
        .limit(limit);
      return rows.map(fromRow);
    },
    async recordedBy(run) {
      // Run ids are generated (letters, digits, `_`): `_` is a LIKE wildcard, so the prefix is escaped.
      const key = `liquidation:${run.id}`;
      const prefix = `${key.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}:%`;
      const sales = await db
        .select({ tradeId: tradeLogs.id, tokenId: tradeLogs.tokenId, sharesMicros: tradeLogs.sharesMicros, notionalMicros: tradeLogs.amountMicros, feeMicros: tradeLogs.feeMicros, realizedPnlMicros: tradeLogs.realizedPnlMicros })
        .from(tradeLogs)
        .where(and(eq(tradeLogs.botId, run.botId), eq(tradeLogs.kind, 'liquidation'), eq(tradeLogs.status, 'executed'), or(eq(tradeLogs.tickKey, key), like(tradeLogs.tickKey, prefix))))
        .orderBy(asc(tradeLogs.createdAt), asc(tradeLogs.id));
      const orders = await db
        .select({ id: liveOrders.id, tokenId: liveOrders.tokenId, outcome: liveOrders.outcome, status: liveOrders.status, tradeId: liveOrders.tradeLogId, rejectionCode: liveOrders.rejectionCode, rejectionReason: liveOrders.rejectionReason })
        .from(liveOrders)
        .where(and(eq(liveOrders.botId, run.botId), eq(liveOrders.purpose, 'liquidation'), like(liveOrders.tickKey, prefix)))
        .orderBy(asc(liveOrders.createdAt), asc(liveOrders.id));
      return {
        sales: sales.map((s) => ({ ...s, tokenId: s.tokenId ?? '', sharesMicros: s.sharesMicros ?? 0, notionalMicros: s.notionalMicros ?? 0, feeMicros: s.feeMicros ?? 0, realizedPnlMicros: s.realizedPnlMicros ?? 0 })),
        orders,
      };
    },
    async interrupt(id, patch) {
      const [row] = await db
        .update(botLiquidations)
        .set({ ...patch, results: patch.results as unknown as Row['results'] })
        .where(and(eq(botLiquidations.id, id), eq(botLiquidations.status, 'running')))
        .returning();
      return row === undefined ? undefined : fromRow(row);
    },
    async awaitingSales(limit) {
      const unknown = JSON.stringify([{ code: 'live_order_outcome_unknown' }]);
      const rows = await db
        .select()
        .from(botLiquidations)
        .where(and(inArray(botLiquidations.status, ['partial', 'interrupted']), sql`${botLiquidations.results} @> ${unknown}::jsonb`))
        .orderBy(asc(botLiquidations.startedAt), asc(botLiquidations.id))
        .limit(limit);
      return rows.map(fromRow);
    },
    async settle(id, patch) {
      const [row] = await db
        .update(botLiquidations)
        .set({ ...patch, results: patch.results as unknown as Row['results'] })
        .where(and(eq(botLiquidations.id, id), inArray(botLiquidations.status, ['partial', 'interrupted'])))
        .returning();
      return row === undefined ? undefined : fromRow(row);
    },
    async listForBot(botId, limit) {
      const rows = await db.select().from(botLiquidations).where(eq(botLiquidations.botId, botId)).orderBy(desc(botLiquidations.startedAt), desc(botLiquidations.id)).limit(limit);
      return rows.map(fromRow);
    },
  };
}
