import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { botSettingsColumns } from './bot-settings.ts';
import { botStatus, tradingMode } from './enums.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

export const bots = pgTable(
  'bots',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: tradingMode('type').notNull().default('paper'),
    status: botStatus('status').notNull().default('paused'),
    isUnlockedForLive: boolean('is_unlocked_for_live').notNull().default(false),
    unlockedAt: timestamp('unlocked_at', tz),
    kycVerified: boolean('kyc_verified').notNull().default(false),
    emergencyStopped: boolean('emergency_stopped').notNull().default(false),
    emergencyStoppedAt: timestamp('emergency_stopped_at', tz),
    emergencyStoppedReason: text('emergency_stopped_reason'),
    /** The owner opted in to having `max_slippage_bps` tightened when live slippage exceeds the prediction (issue 20). */
    autoTightenSlippage: boolean('auto_tighten_slippage').notNull().default(false),
    /** When the slippage limit was last tightened automatically: the differential counts only later orders. */
    slippageTightenedAt: timestamp('slippage_tightened_at', tz),
    /** Shadow trading (issue 20): each live decision is also filled on paper at full size while the live order goes at the market's minimum size. */
    shadowMode: boolean('shadow_mode').notNull().default(false),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    /** Settings version for optimistic concurrency: each settings edit writes only at the version it read and bumps it. */
    version: integer('version').notNull().default(1),
    ...botSettingsColumns,
  },
  (t) => [index('bots_user_id_idx').on(t.userId)],
);
