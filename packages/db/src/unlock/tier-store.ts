/** `@polymancer/unlock`'s `TierStore`: users' effective tier, where it comes from, and the billing events accepted. */
import type { AccountTier } from '@polymancer/core';
import type { TierStore } from '@polymancer/unlock';
import { and, eq, inArray, lt, ne } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { billingEvents, tierGrants, users } from '../schema/index.ts';

export function createTierStore(db: Database): TierStore {
  return {
    async resolveUser(candidates) {
      const ids = [...new Set(candidates.filter((c) => c.length > 0 && c.length <= 200))];
      if (ids.length === 0) return undefined;
      const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
      const found = new Set(rows.map((r) => r.id));
      return ids.find((id) => found.has(id));
    },

    async userExists(userId) {
      const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
      return row !== undefined;
    },

    async grant(userId) {
      const [row] = await db.select().from(tierGrants).where(eq(tierGrants.userId, userId));
      if (row === undefined) return undefined;
      return { userId, source: row.source as 'operator' | 'revenuecat', tier: row.tier as AccountTier, expiresAt: row.expiresAt, willRenew: row.willRenew, lastEventAt: row.lastEventAt };
    },

    async applyTier(userId, change, at) {
      return db.transaction(async (tx) => {
        const [user] = await tx.select({ tier: users.tier }).from(users).where(eq(users.id, userId)).for('update');
        if (user === undefined) throw new Error(`no user ${userId}`);
        const [grant] = await tx.select({ lastEventAt: tierGrants.lastEventAt }).from(tierGrants).where(eq(tierGrants.userId, userId));
        if (change.eventAt !== null && grant?.lastEventAt != null && change.eventAt.getTime() < grant.lastEventAt.getTime()) return { outcome: 'stale' as const };
        await tx.update(users).set({ tier: change.tier, updatedAt: at }).where(eq(users.id, userId));
        const values = {
          source: change.source,
          tier: change.tier,
          productId: change.productId ?? null,
          entitlementId: change.entitlementId ?? null,
          store: change.store ?? null,
          environment: change.environment ?? null,
          expiresAt: change.expiresAt,
          willRenew: change.willRenew,
          // An operator's change carries no billing time: keep the last billing event's for ordering.
          ...(change.eventAt === null ? {} : { lastEventAt: change.eventAt }),
          updatedAt: at,
        };
        await tx.insert(tierGrants).values({ userId, ...values }).onConflictDoUpdate({ target: tierGrants.userId, set: values });
        return { outcome: 'applied' as const, from: user.tier as AccountTier };
      });
    },

    async billingEventSeen(id) {
      const [row] = await db.select({ id: billingEvents.id }).from(billingEvents).where(eq(billingEvents.id, id));
      return row !== undefined;
    },

    async recordBillingEvent(event, at) {
      await db.insert(billingEvents).values({ ...event, receivedAt: at }).onConflictDoNothing();
    },

    async expiredGrants(before) {
      const rows = await db
        .select({ userId: tierGrants.userId })
        .from(tierGrants)
        .innerJoin(users, eq(users.id, tierGrants.userId))
        .where(and(eq(tierGrants.source, 'revenuecat'), lt(tierGrants.expiresAt, before), ne(users.tier, 'free')));
      return rows.map((r) => r.userId);
    },
  };
}
