import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * One row per applied tick: the primary key (bot, tick key) is the idempotency guard, inserted in
 * the tick's transaction, so a retried tick can never apply its fills twice.
 */
export const botTickRuns = pgTable(
  'bot_tick_runs',
  {
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    tickKey: text('tick_key').notNull(),
    outcome: text('outcome').notNull(),
    trades: integer('trades').notNull().default(0),
    rejections: integer('rejections').notNull().default(0),
    startedAt: timestamp('started_at', tz).notNull(),
    finishedAt: timestamp('finished_at', tz).notNull(),
  },
  (t) => [primaryKey({ columns: [t.botId, t.tickKey] })],
);
