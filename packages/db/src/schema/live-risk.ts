/**
 * Live risk (issue 20): circuit breakers and the signals that trip them, and the daily risk ledger
 * that admits live orders atomically (daily loss with in-flight worst case, a new user's daily volume).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

/** One row per breaker (`bot_failures`, `exchange_errors`): open until an operator resumes it. */
export const circuitBreakers = pgTable('circuit_breakers', {
  name: text('name').primaryKey(),
  open: boolean('open').notNull().default(false),
  openedAt: timestamp('opened_at', tz),
  reason: text('reason'),
  details: jsonb('details').$type<Record<string, number>>(),
  resumedAt: timestamp('resumed_at', tz),
  resumedBy: text('resumed_by'),
  updatedAt: timestamp('updated_at', tz).notNull(),
});

/** What the breakers count: each exchange API call's outcome, and each live bot failure. */
export const liveHealthEvents = pgTable(
  'live_health_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<'exchange_call' | 'bot_failure'>().notNull(),
    at: timestamp('at', tz).notNull(),
    ok: boolean('ok').notNull(),
    status: integer('status'),
    botId: text('bot_id'),
    code: text('code'),
  },
  (t) => [index('live_health_events_kind_at_idx').on(t.kind, t.at)],
);

/** Per live bot and UTC day: the loss recorded, the worst case still in flight, the volume admitted. */
export const liveRiskBotDays = pgTable(
  'live_risk_bot_days',
  {
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    utcDay: text('utc_day').notNull(),
    lossMicros: micros('loss_micros').notNull().default(0),
    inFlightWorstMicros: micros('in_flight_worst_micros').notNull().default(0),
    volumeMicros: micros('volume_micros').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.botId, t.utcDay] })],
);

/** Per user and UTC day: live volume admitted across their bots (the first live month's $100 cap). */
export const liveRiskUserDays = pgTable(
  'live_risk_user_days',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    utcDay: text('utc_day').notNull(),
    volumeMicros: micros('volume_micros').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.utcDay] })],
);

/** One admitted live order's claim on its day's headroom, released once when its outcome is known. */
export const liveRiskReservations = pgTable(
  'live_risk_reservations',
  {
    id: text('id').primaryKey(),
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    utcDay: text('utc_day').notNull(),
    worstLossMicros: micros('worst_loss_micros').notNull(),
    volumeMicros: micros('volume_micros').notNull(),
    createdAt: timestamp('created_at', tz).notNull(),
    settledAt: timestamp('settled_at', tz),
  },
  (t) => [index('live_risk_reservations_open_idx').on(t.botId).where(sql`settled_at is null`)],
);
