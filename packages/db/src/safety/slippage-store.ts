/** `@polymancer/safety`'s `SlippageStore`: a bot's slippage limit and opt-in, and its matched live orders' slippage. */
import type { SlippageSetting, SlippageStore } from '@polymancer/safety';
import { and, asc, desc, eq, gt, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { bots, liveOrders, notifications } from '../schema/index.ts';

const setting = { botId: bots.id, userId: bots.userId, maxSlippageBps: bots.maxSlippageBps, autoTighten: bots.autoTightenSlippage, tightenedAt: bots.slippageTightenedAt };

export function createSlippageStore(db: Database): SlippageStore {
  /** Live bots (not deleted) whose owners did, or did not, opt in to automatic tightening. */
  const liveBotsByOptIn = (optedIn: boolean, limit: number) =>
    db
      .select(setting)
      .from(bots)
      .where(and(eq(bots.autoTightenSlippage, optedIn), eq(bots.type, 'live'), isNull(bots.deletedAt)))
      .orderBy(asc(bots.id))
      .limit(limit);
  return {
    async botLimit(userId, botId) {
      const [row] = await db.select(setting).from(bots).where(and(eq(bots.id, botId), eq(bots.userId, userId), isNull(bots.deletedAt)));
      return row satisfies SlippageSetting | undefined;
    },
    async recentLiveSlippage(botId, limit, since) {
      const rows = await db
        .select({ predictedBps: liveOrders.predictedSlippageBps, actualBps: liveOrders.actualSlippageBps })
        .from(liveOrders)
        .where(and(eq(liveOrders.botId, botId), eq(liveOrders.status, 'matched'), isNotNull(liveOrders.actualSlippageBps), since == null ? undefined : gt(liveOrders.createdAt, since)))
        .orderBy(desc(liveOrders.createdAt))
        .limit(limit);
      return rows.map((r) => ({ predictedBps: r.predictedBps, actualBps: r.actualBps ?? 0 }));
    },
    async setAutoTighten(userId, botId, enabled, at) {
      const [row] = await db
        .update(bots)
        .set({ autoTightenSlippage: enabled, updatedAt: at })
        .where(and(eq(bots.id, botId), eq(bots.userId, userId), isNull(bots.deletedAt)))
        .returning(setting);
      return row;
    },
    optedIn: (limit) => liveBotsByOptIn(true, limit),
    notOptedIn: (limit) => liveBotsByOptIn(false, limit),
    async alertedSince(userId, botId, since) {
      const [row] = await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'bot.slippage_alert'), gte(notifications.createdAt, since), sql`${notifications.data}->>'botId' = ${botId}`))
        .limit(1);
      return row !== undefined;
    },
    async tighten(botId, from, to, at) {
      const rows = await db
        .update(bots)
        .set({ maxSlippageBps: to, slippageTightenedAt: at, version: sql`${bots.version} + 1`, updatedAt: at })
        .where(and(eq(bots.id, botId), from === null ? isNull(bots.maxSlippageBps) : eq(bots.maxSlippageBps, from)))
        .returning({ id: bots.id });
      return rows.length > 0;
    },
  };
}
