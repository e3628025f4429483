/** `@polymancer/safety`'s `SlippageStore`: a bot's slippage limit and its matched live orders' slippage. */
import type { SlippageStore } from '@polymancer/safety';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { bots, liveOrders } from '../schema/index.ts';

export function createSlippageStore(db: Database): SlippageStore {
  return {
    async botLimit(userId, botId) {
      const [row] = await db.select({ maxSlippageBps: bots.maxSlippageBps }).from(bots).where(and(eq(bots.id, botId), eq(bots.userId, userId), isNull(bots.deletedAt)));
      return row;
    },
    async recentLiveSlippage(botId, limit) {
      const rows = await db
        .select({ predictedBps: liveOrders.predictedSlippageBps, actualBps: liveOrders.actualSlippageBps })
        .from(liveOrders)
        .where(and(eq(liveOrders.botId, botId), eq(liveOrders.status, 'matched'), isNotNull(liveOrders.actualSlippageBps)))
        .orderBy(desc(liveOrders.createdAt))
        .limit(limit);
      return rows.map((r) => ({ predictedBps: r.predictedBps, actualBps: r.actualBps ?? 0 }));
    },
  };
}
