import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';
import { orderSide, tradeStatus, tradingMode } from './enums.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
/** Integer base units (6 decimals); JS numbers are exact to 2^53, i.e. $9 billion. */
const micros = (name: string) => bigint(name, { mode: 'number' });

/** One row per trade attempt, executed or rejected, paper or live. */
export const tradeLogs = pgTable(
  'trade_logs',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    type: tradingMode('type').notNull(),
    status: tradeStatus('status').notNull(),
    side: orderSide('side'),
    marketId: text('market_id'),
    tokenId: text('token_id'),
    amountMicros: micros('amount_micros'),
    sharesMicros: micros('shares_micros'),
    decisionPriceMicros: micros('decision_price_micros'),
    executionPriceMicros: micros('execution_price_micros'),
    feeMicros: micros('fee_micros'),
    predictedSlippageBps: integer('predicted_slippage_bps'),
    actualSlippageBps: integer('actual_slippage_bps'),
    orderId: text('order_id'),
    transactionHash: varchar('transaction_hash', { length: 66 }),
    confirmationBlocks: integer('confirmation_blocks'),
    rejectionCode: text('rejection_code'),
    rejectionReason: text('rejection_reason'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    /** `trade` (a strategy's order) or `settlement` (a resolved market paying out). */
    kind: text('kind').notNull().default('trade'),
    /** The tick that produced this row; with bot, market and token it is unique (a retried tick never writes twice). */
    tickKey: text('tick_key'),
    decisionId: text('decision_id'),
    marketImpactBps: integer('market_impact_bps'),
    feeModel: text('fee_model'),
    /** Paper realism: decision → execution delay, and how old the book the decision saw was. */
    latencyMs: integer('latency_ms'),
    bookAgeMs: integer('book_age_ms'),
    /** P&L this trade realized (sells and settlements), fees included. */
    realizedPnlMicros: micros('realized_pnl_micros'),
    /** Made under the platform's paper rules, so it counts toward unlock (executed paper trades only are counted). */
    countsForUnlock: boolean('counts_for_unlock').notNull().default(false),
    /** The paper-rule codes that kept it from counting, e.g. `["fee_below_platform_minimum"]`. */
    unlockExclusions: jsonb('unlock_exclusions').$type<readonly string[]>(),
  },
  (t) => [
    index('trade_logs_bot_created_idx').on(t.botId, t.createdAt),
    index('trade_logs_user_created_idx').on(t.userId, t.createdAt),
    uniqueIndex('trade_logs_bot_tick_token_uq').on(t.botId, t.tickKey, t.marketId, t.tokenId),
  ],
);
