import { boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { kycStatus, userRole, userTier } from './enums.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

/** Accounts. better-auth owns the identity columns; the rest is Polymancer's (see the spec's "Schema Changes"). */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    twoFactorEnabled: boolean('two_factor_enabled').notNull().default(false),
    tier: userTier('tier').notNull().default('free'),
    role: userRole('role').notNull().default('user'),
    kycStatus: kycStatus('kyc_status').notNull().default('unverified'),
    kycVerifiedAt: timestamp('kyc_verified_at', tz),
    tradingFrozen: boolean('trading_frozen').notNull().default(false),
  },
  (t) => [index('users_role_idx').on(t.role)],
);
