import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

/**
 * A bot's holding of one outcome token. `costBasisMicros` is what the open shares cost, fees
 * included; the average entry is costBasis / shares. Rows stay after the position closes so
 * realized P&L per token survives.
 */
export const botPositions = pgTable(
  'bot_positions',
  {
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    tokenId: text('token_id').notNull(),
    conditionId: text('condition_id').notNull(),
    outcome: text('outcome').notNull(),
    sharesMicros: micros('shares_micros').notNull().default(0),
    costBasisMicros: micros('cost_basis_micros').notNull().default(0),
    realizedPnlMicros: micros('realized_pnl_micros').notNull().default(0),
    feesPaidMicros: micros('fees_paid_micros').notNull().default(0),
    /** Last midpoint seen, for mark-to-market between ticks. */
    markPriceMicros: micros('mark_price_micros'),
    settledAt: timestamp('settled_at', tz),
    /** 1_000_000 for the winning outcome, 0 for a loser, once settled. */
    settlementPriceMicros: micros('settlement_price_micros'),
    updatedAt: timestamp('updated_at', tz).notNull(),
  },
  (t) => [primaryKey({ columns: [t.botId, t.tokenId] }), index('bot_positions_condition_idx').on(t.conditionId)],
);
