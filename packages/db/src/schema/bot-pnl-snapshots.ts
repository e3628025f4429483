import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

/** The bot's marked-to-market account after each tick: the P&L time series for charts. */
export const botPnlSnapshots = pgTable(
  'bot_pnl_snapshots',
  {
    id: text('id').primaryKey(),
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    at: timestamp('at', tz).notNull(),
    balanceMicros: micros('balance_micros').notNull(),
    positionsValueMicros: micros('positions_value_micros').notNull(),
    equityMicros: micros('equity_micros').notNull(),
    realizedPnlMicros: micros('realized_pnl_micros').notNull(),
    unrealizedPnlMicros: micros('unrealized_pnl_micros').notNull(),
  },
  (t) => [index('bot_pnl_snapshots_bot_at_idx').on(t.botId, t.at)],
);
