/** `@polymancer/safety`'s `EmergencyStore`: the emergency columns of bots and users. */
import type { EmergencyBot, EmergencyStore } from '@polymancer/safety';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { bots, users } from '../schema/index.ts';

const columns = {
  id: bots.id,
  userId: bots.userId,
  type: bots.type,
  status: bots.status,
  emergencyStopped: bots.emergencyStopped,
  emergencyStoppedAt: bots.emergencyStoppedAt,
  emergencyStoppedReason: bots.emergencyStoppedReason,
};

export function createEmergencyStore(db: Database): EmergencyStore {
  const live = (botId: string) => and(eq(bots.id, botId), isNull(bots.deletedAt));
  return {
    async findBot(botId, userId) {
      const where = userId === undefined ? live(botId) : and(live(botId), eq(bots.userId, userId));
      const [row] = await db.select(columns).from(bots).where(where);
      return row as EmergencyBot | undefined;
    },

    async emergencyStop(botId, reason, at) {
      // The runbook's statement: paused, marked, with reason and time.
      const [row] = await db
        .update(bots)
        .set({ status: 'paused', emergencyStopped: true, emergencyStoppedAt: at, emergencyStoppedReason: reason, updatedAt: at })
        .where(live(botId))
        .returning(columns);
      return row as EmergencyBot | undefined;
    },

    async clearEmergencyStop(botId, at) {
      const [row] = await db
        .update(bots)
        .set({ emergencyStopped: false, emergencyStoppedAt: null, emergencyStoppedReason: null, updatedAt: at })
        .where(live(botId))
        .returning(columns);
      return row as EmergencyBot | undefined;
    },

    async setTradingFrozen(userId, frozen, at) {
      return db.transaction(async (tx) => {
        const [row] = await tx.select({ frozen: users.tradingFrozen }).from(users).where(eq(users.id, userId)).for('update');
        if (row === undefined) return undefined;
        // The trigger of migration 0005 takes each bot's row lock before this commits.
        if (row.frozen !== frozen) await tx.update(users).set({ tradingFrozen: frozen, updatedAt: at }).where(eq(users.id, userId));
        return row.frozen;
      });
    },

    async tradingFrozen(userId) {
      const [row] = await db.select({ frozen: users.tradingFrozen }).from(users).where(eq(users.id, userId));
      return row?.frozen;
    },
  };
}
