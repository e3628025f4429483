import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * Per-account backoff on failed sign-ins (`@polymancer/accounts`, `sign-in-backoff.ts`), in the
 * database so every API instance sees the same count. The key names the account by a digest of its
 * normalised email (never the email itself), optionally with a known device.
 */
export const signInBackoffs = pgTable('sign_in_backoffs', {
  key: text('key').primaryKey(),
  /** Attempts charged since the last success (each attempt is charged before the password is checked). */
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', tz).notNull(),
  /** No attempt is let through before this instant. */
  nextAttemptAt: timestamp('next_attempt_at', tz).notNull(),
});
