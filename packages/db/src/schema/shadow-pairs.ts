import { bigint, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';
import { liveOrders } from './live-orders.ts';
import { orderSide } from './enums.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

/**
 * Shadow trading (issue 20): one row per decision a shadow-mode bot traded both ways — the live
 * leg, a FOK at the market's minimum size (its `live_orders` row, whose answer says filled or not,
 * the actual price and slippage), and the paper leg, the full-size fill the paper engine computed
 * on the same book snapshot (its `trade_logs` row, type `paper`). Written in the tick's
 * transaction with the `submitting` order; the post's answer time is added after the post.
 */
export const shadowPairs = pgTable(
  'shadow_pairs',
  {
    /** The live leg: one pair per live order. */
    liveOrderId: text('live_order_id')
      .primaryKey()
      .references(() => liveOrders.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    botId: text('bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    /** The decision both legs came from (also on both legs' rows). */
    decisionId: text('decision_id').notNull(),
    tickKey: text('tick_key').notNull(),
    conditionId: text('condition_id').notNull(),
    tokenId: text('token_id').notNull(),
    side: orderSide('side').notNull(),
    /** The paper leg's trade-log row (executed or rejected). */
    paperTradeId: text('paper_trade_id').notNull(),
    /** The strategy's decision was made; the live order was signed; the exchange answered the post (null until then, or when reconciliation settled it). */
    decidedAt: timestamp('decided_at', tz).notNull(),
    signedAt: timestamp('signed_at', tz).notNull(),
    answeredAt: timestamp('answered_at', tz),
    /** Best price of the side taken in the snapshot both legs were computed on. */
    bestPriceMicros: bigint('best_price_micros', { mode: 'number' }),
    paperFilled: boolean('paper_filled').notNull(),
    paperRejectionCode: text('paper_rejection_code'),
    paperSharesMicros: micros('paper_shares_micros'),
    paperNotionalMicros: micros('paper_notional_micros'),
    paperPriceMicros: micros('paper_price_micros'),
    paperFeeMicros: micros('paper_fee_micros'),
    paperSlippageBps: integer('paper_slippage_bps'),
    /** The live leg's own prediction (the minimum-size FOK on the same snapshot). */
    livePredictedPriceMicros: micros('live_predicted_price_micros').notNull(),
    livePredictedSlippageBps: integer('live_predicted_slippage_bps').notNull(),
    createdAt: timestamp('created_at', tz).notNull(),
  },
  (t) => [index('shadow_pairs_bot_decided_idx').on(t.botId, t.decidedAt)],
);
