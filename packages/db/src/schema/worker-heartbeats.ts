import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

/** Liveness of worker processes, written by the scheduled heartbeat job and read by /readyz. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', tz).notNull(),
  beatAt: timestamp('beat_at', tz).notNull(),
});
