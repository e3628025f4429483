import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bots } from './bots.ts';
import { orderSide } from './enums.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

/**
 * One row per signed live order (ARCHITECTURE.md "The live order path"). Written as `submitting`
 * — salt, order hash, signed payload and the decision's prediction — and committed BEFORE the
 * order leaves the process; the exchange's answer is written afterwards. `submitting` and
 * `outcome_unknown` are unreconciled: only asking the exchange settles them, never a re-post, and
 * the partial unique index lets a bot hold at most one such order.
 *
 * status: `submitting` → `matched` | `rejected` | `outcome_unknown`; `outcome_unknown` /
 * `submitting` → (reconciliation) `matched` | `not_found` (the exchange never filled it).
 */
export const liveOrders = pgTable(
  'live_orders',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    tickKey: text('tick_key').notNull(),
    decisionId: text('decision_id'),
    conditionId: text('condition_id').notNull(),
    tokenId: text('token_id').notNull(),
    /** The outcome's label (the position's), e.g. "Yes". */
    outcome: text('outcome').notNull(),
    side: orderSide('side').notNull(),
    orderType: text('order_type').notNull(),
    /** `trade` (a tick's order) or `liquidation` (a "close all positions" sale: its trade row has kind `liquidation`). */
    purpose: text('purpose').notNull().default('trade'),
    /** 0 EOA, 1 proxy, 2 Safe, 3 deposit wallet (POLY_1271). */
    walletType: integer('wallet_type').notNull(),
    makerAddress: text('maker_address').notNull(),
    signerAddress: text('signer_address').notNull(),
    /** `ctf_v2`, `neg_risk_v2` or `v3` (ExchangeV3, position markets). */
    exchange: text('exchange').notNull(),
    salt: text('salt').notNull(),
    orderHash: text('order_hash').notNull(),
    /** The signed order exactly as posted (public: it is what the exchange publishes). */
    signedOrder: jsonb('signed_order').$type<Readonly<Record<string, unknown>>>().notNull(),
    makerAmountMicros: micros('maker_amount_micros').notNull(),
    takerAmountMicros: micros('taker_amount_micros').notNull(),
    limitPriceMicros: micros('limit_price_micros').notNull(),
    decisionPriceMicros: micros('decision_price_micros'),
    /** The fill-or-kill simulation: the prediction the answer is compared with. */
    predictedSharesMicros: micros('predicted_shares_micros').notNull(),
    predictedNotionalMicros: micros('predicted_notional_micros').notNull(),
    predictedPriceMicros: micros('predicted_price_micros').notNull(),
    predictedFeeMicros: micros('predicted_fee_micros').notNull(),
    predictedSlippageBps: integer('predicted_slippage_bps').notNull(),
    bestPriceMicros: micros('best_price_micros').notNull(),
    status: text('status').notNull(),
    postAttempts: integer('post_attempts').notNull().default(0),
    rejectionCode: text('rejection_code'),
    rejectionReason: text('rejection_reason'),
    /** A refusal's `Retry-After` (ms), when the exchange sent one: how long the bot holds after it (live/exchange-hold.ts). */
    retryAfterMs: integer('retry_after_ms'),
    filledSharesMicros: micros('filled_shares_micros'),
    filledNotionalMicros: micros('filled_notional_micros'),
    fillPriceMicros: micros('fill_price_micros'),
    feeMicros: micros('fee_micros'),
    actualSlippageBps: integer('actual_slippage_bps'),
    transactionHashes: jsonb('transaction_hashes').$type<readonly string[]>(),
    exchangeTradeIds: jsonb('exchange_trade_ids').$type<readonly string[]>(),
    tradeLogId: text('trade_log_id'),
    /** How the answer was learned: `post` (the exchange's reply) or `reconciliation`. */
    settledBy: text('settled_by'),
    createdAt: timestamp('created_at', tz).notNull(),
    updatedAt: timestamp('updated_at', tz).notNull(),
    answeredAt: timestamp('answered_at', tz),
  },
  (t) => [
    uniqueIndex('live_orders_order_hash_uq').on(t.orderHash),
    index('live_orders_bot_created_idx').on(t.botId, t.createdAt),
    uniqueIndex('live_orders_one_unreconciled_per_bot_uq').on(t.botId).where(sql`status in ('submitting', 'outcome_unknown')`),
  ],
);
