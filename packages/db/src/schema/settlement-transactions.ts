import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * Settlement transactions the monitor watches (issue 20 "Transaction monitoring"): each hash a live trade's
 * settlement (from `live_orders.transaction_hashes`) or a redemption produced. Status follows
 * `@polymancer/core` `observeSettlementTx`: submitted → pending → confirmed (≥ 1 block) → finalized (≥ 12) or
 * failed; a reorg returns a confirmed row to pending. `confirmations` is the count at the last check.
 */
export const settlementTransactions = pgTable(
  'settlement_transactions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    botId: text('bot_id'),
    /** `trade` (a live order's settlement) or `redemption`. */
    kind: text('kind').notNull(),
    liveOrderId: text('live_order_id'),
    tradeLogId: text('trade_log_id'),
    txHash: varchar('tx_hash', { length: 66 }).notNull(),
    status: text('status').notNull(),
    confirmations: integer('confirmations').notNull().default(0),
    blockNumber: bigint('block_number', { mode: 'bigint' }),
    blockHash: varchar('block_hash', { length: 66 }),
    reorgs: integer('reorgs').notNull().default(0),
    submittedAt: timestamp('submitted_at', tz).notNull(),
    pendingSince: timestamp('pending_since', tz).notNull(),
    alertedAt: timestamp('alerted_at', tz),
    lastCheckedAt: timestamp('last_checked_at', tz),
    confirmedAt: timestamp('confirmed_at', tz),
    finalizedAt: timestamp('finalized_at', tz),
    failedAt: timestamp('failed_at', tz),
  },
  (t) => [
    uniqueIndex('settlement_transactions_tx_hash_uq').on(t.txHash),
    index('settlement_transactions_open_idx').on(t.lastCheckedAt).where(sql`status in ('submitted', 'pending', 'confirmed')`),
    index('settlement_transactions_user_idx').on(t.userId, t.submittedAt),
  ],
);
