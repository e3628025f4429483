/**
 * Per-account backoff on failed sign-ins: whoever guesses a password, from however many addresses,
 * gets a few free tries and then waits longer after each failure.
 *
 * Guarantees:
 * - Every attempt is charged before the password is checked, in one transaction holding the
 *   account's row, so parallel attempts cannot all slip through the free budget: at most
 *   `freeFailures` attempts pass at once, then one per expired wait.
 * - After the n-th charged attempt (n ≥ freeFailures) the next one waits 2^(n − freeFailures)
 *   seconds, capped at `maxDelaySecs`. An attempt refused while waiting is not charged, so hammering
 *   does not extend the wait: the lock always expires, and then the right password signs in.
 * - A success clears the count; an account with no failure for `forgetAfterSecs` starts afresh.
 * - The count lives in `sign_in_backoffs`, shared by every API instance; time is the injected clock.
 *
 * Known limitation: while someone keeps guessing, each expired wait is one attempt for whoever comes
 * first. A browser or app that signed in to the account before carries a known-device cookie and
 * is counted apart (see `sign-in-backoff-plugin.ts`), so the real user is not held up by a stranger.
 */
import { schema, type Database } from '@polymancer/db';
import { eq } from 'drizzle-orm';

export interface SignInBackoffRule {
  readonly freeFailures: number;
  readonly maxDelaySecs: number;
  readonly forgetAfterSecs: number;
}

export type SignInVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSecs: number };

export interface SignInBackoff {
  /** Charges one attempt to `key` and lets it through, or refuses it (uncharged) while the account waits. */
  attempt(key: string, now: Date): Promise<SignInVerdict>;
  /** The password was right: forget the failures. */
  clear(key: string): Promise<void>;
}

/** Seconds to wait after the `failures`-th charged attempt before the next one (pure). */
export function signInDelaySecs(failures: number, rule: SignInBackoffRule): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.maxDelaySecs, 2 ** (failures - rule.freeFailures));
}

export function createSignInBackoff(db: Database, rule: SignInBackoffRule): SignInBackoff {
  const t = schema.signInBackoffs;
  return {
    attempt: (key, now) =>
      db.transaction(async (tx): Promise<SignInVerdict> => {
        await tx.insert(t).values({ key, failures: 0, lastFailureAt: now, nextAttemptAt: now }).onConflictDoNothing();
        const [row] = await tx.select().from(t).where(eq(t.key, key)).for('update');
        if (row === undefined) throw new Error('sign-in backoff row vanished inside its transaction');
        const forgotten = now.getTime() - row.lastFailureAt.getTime() >= rule.forgetAfterSecs * 1000;
        if (!forgotten && now.getTime() < row.nextAttemptAt.getTime()) {
          return { allowed: false, retryAfterSecs: Math.max(1, Math.ceil((row.nextAttemptAt.getTime() - now.getTime()) / 1000)) };
        }
        const charged = (forgotten ? 0 : row.failures) + 1;
        const nextAttemptAt = new Date(now.getTime() + signInDelaySecs(charged, rule) * 1000);
        await tx.update(t).set({ failures: charged, lastFailureAt: now, nextAttemptAt }).where(eq(t.key, key));
        return { allowed: true };
      }),
    clear: async (key) => {
      await db.delete(t).where(eq(t.key, key));
    },
  };
}
