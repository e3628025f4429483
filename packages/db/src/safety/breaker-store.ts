/** `@polymancer/safety`'s `BreakerStore`: breaker rows and the health events they count. */
import { type BreakerName, breakerNames } from '@polymancer/core';
import type { BreakerState, BreakerStore } from '@polymancer/safety';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { bots, circuitBreakers, liveHealthEvents, users } from '../schema/index.ts';

function closed(name: BreakerName): BreakerState {
  return { name, open: false, openedAt: null, reason: null, details: null, resumedAt: null, resumedBy: null };
}

export function createBreakerStore(db: Database): BreakerStore {
  return {
    async operatorIds() {
      const rows = await db.select({ id: users.id }).from(users).where(eq(users.role, 'operator'));
      return rows.map((r) => r.id);
    },
    async list() {
      const rows = await db.select().from(circuitBreakers);
      return breakerNames.map((name) => {
        const r = rows.find((row) => row.name === name);
        return r === undefined ? closed(name) : { name, open: r.open, openedAt: r.openedAt, reason: r.reason, details: r.details, resumedAt: r.resumedAt, resumedBy: r.resumedBy };
      });
    },

    async recordExchangeCall(e) {
      await db.insert(liveHealthEvents).values({ kind: 'exchange_call', at: e.at, ok: e.ok, status: e.status, code: e.code });
    },

    async recordBotFailure(e) {
      await db.insert(liveHealthEvents).values({ kind: 'bot_failure', at: e.at, ok: false, botId: e.botId, code: e.code });
    },

    async windowCounts({ botsSince, exchangeSince }) {
      const [calls] = await db
        .select({ total: sql<number>`count(*)::int`, errors: sql<number>`count(*) filter (where not ${liveHealthEvents.ok})::int` })
        .from(liveHealthEvents)
        .where(and(eq(liveHealthEvents.kind, 'exchange_call'), gte(liveHealthEvents.at, exchangeSince)));
      const failing = db
        .selectDistinct({ botId: liveHealthEvents.botId })
        .from(liveHealthEvents)
        .where(and(eq(liveHealthEvents.kind, 'bot_failure'), gte(liveHealthEvents.at, botsSince)));
      const [failingRow] = await db.select({ n: sql<number>`count(*)::int` }).from(failing.as('failing'));
      // Live bots: every active live bot, plus any that failed in the window and is no longer active.
      const [live] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(bots)
        .where(sql`${bots.type} = 'live' and ${bots.deletedAt} is null and (${bots.status} = 'active' or ${bots.id} in (select bot_id from live_health_events where kind = 'bot_failure' and at >= ${botsSince.toISOString()}::timestamptz))`);
      return { liveBots: live?.n ?? 0, failingBots: failingRow?.n ?? 0, exchangeCalls: calls?.total ?? 0, exchangeErrors: calls?.errors ?? 0 };
    },

    async trip(name, { reason, details, at }) {
      // Insert-or-open only when closed: exactly one caller sees `true` per opening.
      const rows = await db
        .insert(circuitBreakers)
        .values({ name, open: true, openedAt: at, reason, details, updatedAt: at })
        .onConflictDoUpdate({ target: circuitBreakers.name, set: { open: true, openedAt: at, reason, details, updatedAt: at }, setWhere: sql`${circuitBreakers.open} = false` })
        .returning({ name: circuitBreakers.name });
      return rows.length === 1;
    },

    async resume(name, by, at) {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(circuitBreakers).where(eq(circuitBreakers.name, name)).for('update');
        if (row === undefined || !row.open) return undefined;
        await tx.update(circuitBreakers).set({ open: false, resumedAt: at, resumedBy: by, updatedAt: at }).where(eq(circuitBreakers.name, name));
        return { name, open: true, openedAt: row.openedAt, reason: row.reason, details: row.details, resumedAt: row.resumedAt, resumedBy: row.resumedBy };
      });
    },
  };
}
