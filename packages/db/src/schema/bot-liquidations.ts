import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

/**
 * One row per "close all positions" run (issue 20, Emergency): who asked and why, when it started
 * and finished, what each holding sold for (`results`: per token the shares held, sold and left, the
 * proceeds, the P&L and the trade or order), the proceeds and the liquidation P&L in micros. The sales
 * themselves are `trade_logs` rows of kind `liquidation` — never counted in the bot's trading P&L.
 *
 * status: `running` → `completed` (everything sold) | `partial` (something left: thin book, no bids,
 * a refused or unsettled live order).
 */
export const botLiquidations = pgTable(
  'bot_liquidations',
  {
    id: text('id').primaryKey(),
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** `paper` or `live`: the bot's type when it was liquidated. */
    type: text('type').notNull(),
    /** `user` (the owner) or `operator`. */
    requestedByType: text('requested_by_type').notNull(),
    requestedBy: text('requested_by').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    results: jsonb('results').$type<readonly Readonly<Record<string, unknown>>[]>().notNull().default([]),
    proceedsMicros: micros('proceeds_micros').notNull().default(0),
    feesMicros: micros('fees_micros').notNull().default(0),
    liquidationPnlMicros: micros('liquidation_pnl_micros').notNull().default(0),
    startedAt: timestamp('started_at', tz).notNull(),
    finishedAt: timestamp('finished_at', tz),
  },
  (t) => [index('bot_liquidations_bot_started_idx').on(t.botId, t.startedAt)],
);
