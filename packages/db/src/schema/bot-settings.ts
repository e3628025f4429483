/**
 * The paper-trading settings and state of a bot, as extra columns of `bots` (see bots.ts). Kept in
 * its own file so the columns' meaning sits next to their definition.
 */
import { bigint, boolean, date, integer, jsonb, text, timestamp } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

export interface WatchedMarketColumn {
  readonly conditionId: string;
  readonly tokenIds: readonly string[];
}

/** Midpoints the bot saw on earlier ticks, per token, oldest first: `[atMs, priceMicros]`. */
export type MidpointHistoryColumn = Record<string, ReadonlyArray<readonly [number, number]>>;

export const botSettingsColumns = {
  watchedMarkets: jsonb('watched_markets').$type<readonly WatchedMarketColumn[]>().notNull().default([]),
  strategyKind: text('strategy_kind').notNull().default('mean-reversion'),
  strategyParams: jsonb('strategy_params').$type<Record<string, unknown>>().notNull().default({}),
  intervalSecs: integer('interval_secs').notNull().default(60),
  startingBalanceMicros: micros('starting_balance_micros').notNull().default(0),
  paperBalanceMicros: micros('paper_balance_micros').notNull().default(0),
  maxTradeSizeMicros: micros('max_trade_size_micros'),
  maxPositionPerMarketMicros: micros('max_position_per_market_micros'),
  dailyLossLimitMicros: micros('daily_loss_limit_micros'),
  maxSlippageBps: integer('max_slippage_bps'),
  maxPriceMovementBps: integer('max_price_movement_bps').notNull().default(100),
  maxMarketImpactBps: integer('max_market_impact_bps').notNull().default(1000),
  feeModel: text('fee_model').notNull().default('flat'),
  flatFeeBps: integer('flat_fee_bps').notNull().default(200),
  realismEnabled: boolean('realism_enabled').notNull().default(false),
  artificialDelayMs: integer('artificial_delay_ms').notNull().default(200),
  staleBookMs: integer('stale_book_ms').notNull().default(0),
  midpointHistory: jsonb('midpoint_history').$type<MidpointHistoryColumn>().notNull().default({}),
  /** UTC day whose opening equity is `dayStartEquityMicros` (daily loss limit). */
  pnlDay: date('pnl_day', { mode: 'string' }),
  dayStartEquityMicros: micros('day_start_equity_micros'),
  /** Realized P&L booked on `pnlDay`. */
  dayRealizedPnlMicros: micros('day_realized_pnl_micros').notNull().default(0),
  /** The UTC day the bot's daily loss limit stopped it for (hard stop: nothing resumes it before the next day). */
  dailyLossStoppedDay: date('daily_loss_stopped_day', { mode: 'string' }),
  /** The owner asked for risk-reducing sells while stopped (buys stay held). Reset by each new stop. */
  dailyLossExitsAllowed: boolean('daily_loss_exits_allowed').notNull().default(false),
  firstPaperTradeAt: timestamp('first_paper_trade_at', tz),
  lastTickAt: timestamp('last_tick_at', tz),
  deletedAt: timestamp('deleted_at', tz),
};
