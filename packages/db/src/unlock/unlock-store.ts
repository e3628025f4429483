/** `@polymancer/unlock`'s `UnlockStore`: the facts eligibility is judged on, and each bot's unlock state (compare-and-set). */
import type { AccountTier, KycStatus, RequestCountrySource, UnlockState } from '@polymancer/core';
import type { BotRef, StoredUnlockState, UnlockStore, UserUnlockFacts } from '@polymancer/unlock';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { botUnlocks, bots, kycVerifications, liveActivations, riskQuizAttempts, tierGrants, userUnlockSteps, users } from '../schema/index.ts';

const notDeleted = isNull(bots.deletedAt);

function botRef(row: { id: string; userId: string; name: string; type: 'paper' | 'live'; status: 'active' | 'paused' | 'stopped'; sourceBotId: string | null }): BotRef {
  return { id: row.id, userId: row.userId, name: row.name, type: row.type, status: row.status, sourceBotId: row.sourceBotId };
}

const botColumns = { id: bots.id, userId: bots.userId, name: bots.name, type: bots.type, status: bots.status, sourceBotId: liveActivations.paperBotId };

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export function createUnlockStore(db: Database): UnlockStore {
  return {
    async userFacts(userId) {
      const [row] = await db
        .select({
          tier: users.tier,
          kycStatus: users.kycStatus,
          kycVerifiedAt: users.kycVerifiedAt,
          kycProvider: kycVerifications.provider,
          kycCountry: kycVerifications.country,
          kycReason: kycVerifications.reason,
          quizPassedAt: userUnlockSteps.quizPassedAt,
          acknowledgedAt: userUnlockSteps.acknowledgedAt,
          requestCountry: userUnlockSteps.requestCountry,
          requestCountrySource: userUnlockSteps.requestCountrySource,
          tierExpiresAt: tierGrants.expiresAt,
          tierWillRenew: tierGrants.willRenew,
        })
        .from(users)
        .leftJoin(kycVerifications, eq(kycVerifications.userId, users.id))
        .leftJoin(userUnlockSteps, eq(userUnlockSteps.userId, users.id))
        .leftJoin(tierGrants, eq(tierGrants.userId, users.id))
        .where(eq(users.id, userId));
      if (row === undefined) return undefined;
      const failed = await db
        .select({ at: riskQuizAttempts.createdAt })
        .from(riskQuizAttempts)
        .where(and(eq(riskQuizAttempts.userId, userId), eq(riskQuizAttempts.passed, false)))
        .orderBy(asc(riskQuizAttempts.createdAt));
      const facts: UserUnlockFacts = {
        userId,
        tier: row.tier as AccountTier,
        tierExpiresAt: row.tierExpiresAt,
        tierWillRenew: row.tierWillRenew,
        kycStatus: row.kycStatus as KycStatus,
        kycVerifiedAt: row.kycVerifiedAt,
        kycProvider: row.kycProvider,
        kycCountry: row.kycCountry,
        kycReason: row.kycReason,
        quizPassedAt: row.quizPassedAt,
        quizFailedAt: failed.map((f) => f.at),
        acknowledgedAt: row.acknowledgedAt,
        requestCountry: row.requestCountrySource === null ? null : { country: row.requestCountry, source: row.requestCountrySource as RequestCountrySource },
      };
      return facts;
    },

    async bot(userId, botId) {
      const [row] = await db
        .select(botColumns)
        .from(bots)
        .leftJoin(liveActivations, eq(liveActivations.liveBotId, bots.id))
        .where(and(eq(bots.id, botId), eq(bots.userId, userId), notDeleted));
      return row === undefined ? undefined : botRef(row);
    },

    async listBots(userId) {
      const rows = await db
        .select(botColumns)
        .from(bots)
        .leftJoin(liveActivations, eq(liveActivations.liveBotId, bots.id))
        .where(and(eq(bots.userId, userId), notDeleted))
        .orderBy(asc(bots.createdAt), asc(bots.id));
      return rows.map(botRef);
    },

    async unlockState(botId): Promise<StoredUnlockState> {
      const [row] = await db.select().from(botUnlocks).where(eq(botUnlocks.botId, botId));
      if (row === undefined) return { state: 'locked', coolingOffStartedAt: null, unlockedAt: null, version: 0 };
      return { state: row.state as UnlockState['state'], coolingOffStartedAt: row.coolingOffStartedAt, unlockedAt: row.unlockedAt, version: row.version };
    },

    async saveUnlockState(bot, expectedVersion, next, at) {
      return db.transaction(async (tx) => {
        const values = { state: next.state, coolingOffStartedAt: next.coolingOffStartedAt, unlockedAt: next.unlockedAt, updatedAt: at };
        const written =
          expectedVersion === 0
            ? await tx.insert(botUnlocks).values({ botId: bot.id, userId: bot.userId, ...values, version: 1 }).onConflictDoNothing().returning({ v: botUnlocks.version })
            : await tx
                .update(botUnlocks)
                .set({ ...values, version: sql`${botUnlocks.version} + 1` })
                .where(and(eq(botUnlocks.botId, bot.id), eq(botUnlocks.version, expectedVersion)))
                .returning({ v: botUnlocks.version });
        if (written.length === 0) return false;
        const unlocked = next.state === 'unlocked';
        await tx.update(bots).set({ isUnlockedForLive: unlocked, unlockedAt: unlocked ? next.unlockedAt : null, kycVerified: unlocked }).where(eq(bots.id, bot.id));
        return true;
      });
    },

    async recordRequestCountry(userId, rc, at) {
      await db
        .insert(userUnlockSteps)
        .values({ userId, requestCountry: rc.country, requestCountrySource: rc.source, requestCountrySeenAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: userUnlockSteps.userId,
          set: { requestCountry: rc.country, requestCountrySource: rc.source, requestCountrySeenAt: at, updatedAt: at },
          // Written only when it changed: reading eligibility must not cost a write per request.
          setWhere: sql`${userUnlockSteps.requestCountry} is distinct from excluded.request_country or ${userUnlockSteps.requestCountrySource} is distinct from excluded.request_country_source`,
        });
    },

    async botsToObserve() {
      const result = await db.execute(sql`
        select b.id as bot_id, b.user_id
        from bots b
        left join bot_unlocks u on u.bot_id = b.id
        left join user_unlock_steps s on s.user_id = b.user_id
        where b.deleted_at is null
          and (u.state in ('cooling_off', 'unlocked') or (s.quiz_passed_at is not null and s.acknowledged_at is not null))
        order by b.id`);
      return rowsOf<{ bot_id: string; user_id: string }>(result).map((r) => ({ botId: r.bot_id, userId: r.user_id }));
    },
  };
}
