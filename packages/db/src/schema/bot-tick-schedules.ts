import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * The bot-tick scheduler's queue (see `@polymancer/bots` scheduling): one row per bot that should
 * tick — kept in step with `bots` by a trigger (migration `bot_tick_schedules_sync`) — holding the
 * bot's next due slot, its lane, and the lease of the worker running its tick. Workers claim due rows
 * in batches (`for update skip locked`); a lease that expires (a killed worker) makes the row
 * claimable again for the same slot, whose tick key makes the retry apply once.
 */
export const botTickSchedules = pgTable(
  'bot_tick_schedules',
  {
    botId: text('bot_id').primaryKey().references(() => bots.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    /** `rules` (built-in strategies, fast) or `llm` (slow: its own lane and concurrency). */
    lane: text('lane').notNull(),
    intervalSecs: integer('interval_secs').notNull(),
    /** Start of the next slot to tick; `-infinity` = new or resumed, tick the current slot at once. */
    dueAt: timestamp('due_at', tz).notNull(),
    leaseOwner: text('lease_owner'),
    /** While set and in the future the row is not claimable (a tick running, or a retry's wait). */
    leaseExpiresAt: timestamp('lease_expires_at', tz),
    /** Attempts at the current slot that did not finish (lease lost or failed). */
    attempts: integer('attempts').notNull().default(0),
    /** Slots that passed without a tick because the bot could not tick on time (recorded, never silent). */
    missedSlots: bigint('missed_slots', { mode: 'number' }).notNull().default(0),
    /** Ticks that started later than the scheduler's lateness bound after their slot. */
    lateTicks: bigint('late_ticks', { mode: 'number' }).notNull().default(0),
    /** Slots given up after repeated failures (counted, then the next slot is scheduled). */
    failedTicks: bigint('failed_ticks', { mode: 'number' }).notNull().default(0),
    lastLatenessMs: integer('last_lateness_ms'),
    lastTickAt: timestamp('last_tick_at', tz),
  },
  (t) => [index('bot_tick_schedules_lane_due_idx').on(t.lane, t.dueAt)],
);
