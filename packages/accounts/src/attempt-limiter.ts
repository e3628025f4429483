/**
 * A per-user budget of failed re-authentication attempts (password or TOTP), kept in the shared
 * `rate_limits` table so every API instance sees the same count. Time comes from the injected
 * clock. Keys are namespaced (`reauth|usr_…`) and never collide with better-auth's (`ip|path`).
 */
import { randomUUID } from 'node:crypto';
import { schema, type Database } from '@polymancer/db';
import { eq, sql } from 'drizzle-orm';

export interface AttemptLimiter {
  /** Seconds until another attempt is allowed, or null when attempts are allowed now. */
  blockedFor(key: string, now: Date): Promise<number | null>;
  recordFailure(key: string, now: Date): Promise<void>;
  reset(key: string): Promise<void>;
}

export function createAttemptLimiter(db: Database, rule: { windowSecs: number; max: number }): AttemptLimiter {
  const windowMs = rule.windowSecs * 1000;
  const t = schema.rateLimits;
  return {
    blockedFor: async (key, now) => {
      const [row] = await db.select().from(t).where(eq(t.key, key)).limit(1);
      if (row === undefined) return null;
      const age = now.getTime() - row.lastRequest;
      if (age >= windowMs || row.count < rule.max) return null;
      return Math.max(1, Math.ceil((windowMs - age) / 1000));
    },
    recordFailure: async (key, now) => {
      const nowMs = now.getTime();
      const stale = sql`${t.lastRequest} <= ${nowMs - windowMs}`;
      await db
        .insert(t)
        .values({ id: randomUUID(), key, count: 1, lastRequest: nowMs })
        .onConflictDoUpdate({
          target: t.key,
          set: { count: sql`case when ${stale} then 1 else ${t.count} + 1 end`, lastRequest: nowMs },
        });
    },
    reset: async (key) => {
      await db.delete(t).where(eq(t.key, key));
    },
  };
}
