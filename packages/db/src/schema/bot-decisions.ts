import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

/** What a bot's strategy answered on one tick for one market, with its reasoning and LLM usage. */
export const botDecisions = pgTable(
  'bot_decisions',
  {
    id: text('id').primaryKey(),
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tickKey: text('tick_key').notNull(),
    conditionId: text('condition_id').notNull(),
    strategyKind: text('strategy_kind').notNull(),
    /** `hold` or `trade`. */
    kind: text('kind').notNull(),
    holdCode: text('hold_code'),
    side: text('side'),
    tokenId: text('token_id'),
    amountMicros: bigint('amount_micros', { mode: 'number' }),
    sharesMicros: bigint('shares_micros', { mode: 'number' }),
    limitPriceMicros: bigint('limit_price_micros', { mode: 'number' }),
    reasoning: text('reasoning').notNull(),
    confidencePerMille: integer('confidence_per_mille'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    costMicros: bigint('cost_micros', { mode: 'number' }),
    tradeLogId: text('trade_log_id'),
    createdAt: timestamp('created_at', tz).notNull(),
  },
  (t) => [index('bot_decisions_bot_created_idx').on(t.botId, t.createdAt)],
);
