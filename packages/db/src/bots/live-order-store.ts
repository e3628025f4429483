/**
 * `@polymancer/bots`' `LiveOrderStore` over `live_orders`. The writes of the live path that belong
 * to a tick (the `submitting` row, the answer) go through the tick store's transaction; the one
 * write here — `submitting` → `outcome_unknown` — is a single conditional UPDATE, so it never
 * overwrites an answer recorded meanwhile.
 */
import type { LiveOrderRecord, LiveOrderStore } from '@polymancer/bots';
import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { liveOrders, shadowPairs, tradeLogs } from '../schema/index.ts';

type LiveOrderRow = typeof liveOrders.$inferSelect;

export const liveOrderFromRow = (row: LiveOrderRow): LiveOrderRecord => row as unknown as LiveOrderRecord;

const pending = ['submitting', 'outcome_unknown'];

export async function liveOrdersOfBot(db: Database, botId: string, unreconciledOnly: boolean): Promise<LiveOrderRecord[]> {
  const where = unreconciledOnly ? and(eq(liveOrders.botId, botId), inArray(liveOrders.status, pending)) : eq(liveOrders.botId, botId);
  const rows = await db.select().from(liveOrders).where(where).orderBy(asc(liveOrders.createdAt));
  return rows.map(liveOrderFromRow);
}

export function createLiveOrderStore(db: Database): LiveOrderStore {
  return {
    unreconciled: (botId) => liveOrdersOfBot(db, botId, true),
    async allUnreconciled(limit) {
      const rows = await db.select().from(liveOrders).where(inArray(liveOrders.status, pending)).orderBy(asc(liveOrders.createdAt)).limit(limit);
      return rows.map(liveOrderFromRow);
    },
    async matchedWithoutHashes(since, limit) {
      const noHashes = or(isNull(liveOrders.transactionHashes), sql`jsonb_array_length(${liveOrders.transactionHashes}) = 0`);
      const rows = await db
        .select()
        .from(liveOrders)
        .where(and(eq(liveOrders.status, 'matched'), gte(liveOrders.createdAt, since), noHashes))
        .orderBy(asc(liveOrders.createdAt))
        .limit(limit);
      return rows.map(liveOrderFromRow);
    },
    async setTransactionHashes(orderId, hashes, at) {
      return db.transaction(async (tx) => {
        const noHashes = or(isNull(liveOrders.transactionHashes), sql`jsonb_array_length(${liveOrders.transactionHashes}) = 0`);
        const [order] = await tx
          .update(liveOrders)
          .set({ transactionHashes: [...hashes], updatedAt: at })
          .where(and(eq(liveOrders.id, orderId), eq(liveOrders.status, 'matched'), noHashes))
          .returning({ tradeLogId: liveOrders.tradeLogId });
        if (order === undefined) return false;
        if (order.tradeLogId !== null && hashes[0] !== undefined) {
          await tx.update(tradeLogs).set({ transactionHash: hashes[0] }).where(and(eq(tradeLogs.id, order.tradeLogId), isNull(tradeLogs.transactionHash)));
        }
        return true;
      });
    },
    async markOutcomeUnknown(orderId, reason, attempts, at) {
      const rows = await db
        .update(liveOrders)
        .set({ status: 'outcome_unknown', rejectionReason: reason, postAttempts: attempts, updatedAt: at })
        .where(and(eq(liveOrders.id, orderId), eq(liveOrders.status, 'submitting')))
        .returning({ id: liveOrders.id });
      return rows.length > 0;
    },
    async byId(orderId) {
      const [row] = await db.select().from(liveOrders).where(eq(liveOrders.id, orderId));
      return row === undefined ? undefined : liveOrderFromRow(row);
    },
    async listForBot(botId, limit) {
      const rows = await db.select().from(liveOrders).where(eq(liveOrders.botId, botId)).orderBy(desc(liveOrders.createdAt)).limit(limit);
      return rows.map(liveOrderFromRow);
    },
    async shadowAnswered(orderId, at) {
      await db.update(shadowPairs).set({ answeredAt: at }).where(and(eq(shadowPairs.liveOrderId, orderId), isNull(shadowPairs.answeredAt)));
    },
  };
}
