import type { Bot, BotStore } from '@polymancer/bots';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { bots } from '../schema/index.ts';
import { botFromRow, settingsColumns } from './bot-rows.ts';

const live = isNull(bots.deletedAt);
// Creates for one user queue on a lock keyed by their id, so two racing for the last place are counted one after the other.

function botRow(bot: Bot) {
  return {
    id: bot.id,
    userId: bot.userId,
    type: bot.type,
    emergencyStopped: bot.emergencyStopped,
    status: bot.status,
    startingBalanceMicros: bot.startingBalanceMicros,
    paperBalanceMicros: bot.paperBalanceMicros,
    createdAt: bot.createdAt,
    ...settingsColumns(bot),
  };
}

export function createBotStore(db: Database): BotStore {
  const store: BotStore = {
    async insertWithinQuota(bot, maxPerUser) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`bots.quota:${bot.userId}`}, 0))`);
        const [row] = await tx.select({ n: count() }).from(bots).where(and(eq(bots.userId, bot.userId), live));
        if ((row?.n ?? 0) >= maxPerUser) return false;
        await tx.insert(bots).values(botRow(bot));
        return true;
      });
    },
    async insert(bot: Bot) {
      await db.insert(bots).values({
        id: bot.id,
        userId: bot.userId,
        type: bot.type,
        emergencyStopped: bot.emergencyStopped,
        status: bot.status,
        startingBalanceMicros: bot.startingBalanceMicros,
        paperBalanceMicros: bot.paperBalanceMicros,
        createdAt: bot.createdAt,
        ...settingsColumns(bot),
      });
    },
    async findForUser(userId, botId) {
      const [row] = await db.select().from(bots).where(and(eq(bots.id, botId), eq(bots.userId, userId), live));
      return row === undefined ? undefined : botFromRow(row);
    },
    async listForUser(userId) {
      const rows = await db.select().from(bots).where(and(eq(bots.userId, userId), live)).orderBy(asc(bots.createdAt), asc(bots.id));
      return rows.map(botFromRow);
    },
    async update(bot, options) {
      // The balance resets only while the bot has never traded: guarded here, in the same
      // statement, so a tick's first fill racing this update is never overwritten. The version
      // guard makes a concurrent edit lose (nothing written) rather than be overwritten; the
      // status is not written, so a pause or resume racing an edit stands.
      const reset = options.resetBalance === true;
      const rows = await db
        .update(bots)
        .set({ ...settingsColumns(bot), ...(reset ? { startingBalanceMicros: bot.startingBalanceMicros, paperBalanceMicros: bot.paperBalanceMicros } : {}) })
        .where(and(eq(bots.id, bot.id), eq(bots.userId, bot.userId), live, eq(bots.version, options.expectedVersion), reset ? isNull(bots.firstPaperTradeAt) : undefined))
        .returning({ id: bots.id });
      if (rows.length > 0) return 'updated';
      const [now] = await db.select({ version: bots.version, firstPaperTradeAt: bots.firstPaperTradeAt }).from(bots).where(and(eq(bots.id, bot.id), eq(bots.userId, bot.userId), live));
      if (now === undefined) return 'not_found';
      if (now.version !== options.expectedVersion) return 'conflict';
      return reset && now.firstPaperTradeAt !== null ? 'already_traded' : 'conflict';
    },
    async setStatus(userId, botId, status, at) {
      const rows = await db
        .update(bots)
        .set({ status, updatedAt: at })
        .where(and(eq(bots.id, botId), eq(bots.userId, userId), live))
        .returning({ id: bots.id });
      return rows.length > 0;
    },
    async allowExitsWhileStopped(userId, botId, utcDay, at, allow = true) {
      const rows = await db
        .update(bots)
        .set({ dailyLossExitsAllowed: allow, updatedAt: at })
        .where(and(eq(bots.id, botId), eq(bots.userId, userId), eq(bots.dailyLossStoppedDay, utcDay), live))
        .returning({ id: bots.id });
      return rows.length > 0;
    },
    async softDelete(userId, botId, at) {
      const rows = await db
        .update(bots)
        .set({ deletedAt: at, status: 'stopped', updatedAt: at })
        .where(and(eq(bots.id, botId), eq(bots.userId, userId), live))
        .returning({ id: bots.id });
      return rows.length > 0;
    },
    async listActive() {
      return db.select({ id: bots.id, intervalSecs: bots.intervalSecs }).from(bots).where(and(eq(bots.status, 'active'), eq(bots.emergencyStopped, false), live));
    },
  };
  return store;
}
