/**
 * `@polymancer/unlock`'s `LiveBotStore`: the live copy made at go-live, and pausing live bots when
 * their user stops meeting the live requirements.
 */
import type { LiveBotStore } from '@polymancer/unlock';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { botUnlocks, bots, liveActivations } from '../schema/index.ts';

export function createLiveBotStore(db: Database): LiveBotStore {
  return {
    async createLiveCopy(input) {
      return db.transaction(async (tx) => {
        // The paper bot's row is the lock: two go-lives of one bot queue here and the second sees the first's copy.
        const [paper] = await tx
          .select()
          .from(bots)
          .where(and(eq(bots.id, input.paperBotId), eq(bots.userId, input.userId), isNull(bots.deletedAt), eq(bots.type, 'paper')))
          .for('update');
        if (paper === undefined) return { outcome: 'not_found' as const };
        const [existing] = await tx
          .select({ liveBotId: liveActivations.liveBotId })
          .from(liveActivations)
          .innerJoin(bots, eq(bots.id, liveActivations.liveBotId))
          .where(and(eq(liveActivations.paperBotId, input.paperBotId), isNull(bots.deletedAt)));
        if (existing !== undefined) return { outcome: 'already_live' as const, liveBotId: existing.liveBotId };
        const at = input.at;
        await tx.insert(bots).values({
          ...paper,
          id: input.liveBotId,
          name: input.name,
          type: 'live',
          status: 'active',
          isUnlockedForLive: true,
          unlockedAt: at,
          kycVerified: true,
          emergencyStopped: false,
          emergencyStoppedAt: null,
          emergencyStoppedReason: null,
          createdAt: at,
          updatedAt: at,
          version: 1,
          // Live fees are Polymarket's own; paper realism and the paper ledger do not apply.
          feeModel: 'polymarket',
          realismEnabled: false,
          startingBalanceMicros: 0,
          paperBalanceMicros: 0,
          midpointHistory: {},
          pnlDay: null,
          dayStartEquityMicros: null,
          dayRealizedPnlMicros: 0,
          firstPaperTradeAt: null,
          lastTickAt: null,
          deletedAt: null,
        });
        await tx.insert(botUnlocks).values({
          botId: input.liveBotId,
          userId: input.userId,
          state: 'unlocked',
          coolingOffStartedAt: input.unlock.coolingOffStartedAt,
          unlockedAt: at,
          version: 1,
          updatedAt: at,
        });
        await tx.insert(liveActivations).values({ id: input.activationId, userId: input.userId, paperBotId: input.paperBotId, liveBotId: input.liveBotId, activatedAt: at });
        return { outcome: 'created' as const, liveBotId: input.liveBotId };
      });
    },

    async setShadowMode(input) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({ type: bots.type, shadowMode: bots.shadowMode })
          .from(bots)
          .where(and(eq(bots.id, input.botId), eq(bots.userId, input.userId), isNull(bots.deletedAt)))
          .for('update');
        if (row === undefined) return { outcome: 'not_found' as const };
        if (row.type !== 'live') return { outcome: 'not_live' as const };
        if (row.shadowMode === input.enabled) return { outcome: 'set' as const, changed: false };
        await tx.update(bots).set({ shadowMode: input.enabled, updatedAt: input.at }).where(eq(bots.id, input.botId));
        return { outcome: 'set' as const, changed: true };
      });
    },

    async pauseLiveBots(userId, at, botId) {
      const rows = await db
        .update(bots)
        .set({ status: 'paused', updatedAt: at })
        .where(and(eq(bots.userId, userId), eq(bots.type, 'live'), eq(bots.status, 'active'), isNull(bots.deletedAt), botId === undefined ? undefined : eq(bots.id, botId)))
        .returning({ id: bots.id });
      return rows.map((r) => r.id);
    },
  };
}
