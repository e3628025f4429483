import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;
const micros = (name: string) => bigint(name, { mode: 'number' });

/**
 * On-chain redemptions of live positions in resolved markets (issue 20 "Redemption"): one row per
 * (user, wallet, market). Crash-safe as live orders are: the signed transaction (EOA) or signed wallet
 * batch (deposit wallet) is committed as `signed` BEFORE it is broadcast, so a restart re-sends the
 * SAME signed payload — which the chain executes at most once (nonce) — and never signs a second one
 * while the first may still land.
 *
 * status: `claimed` (nothing signed yet) → `signed` → `submitted` (hash known) → `redeemed` (the
 * bots' ledgers credited) | `failed` (reverted or refused; the next pass signs afresh).
 */
export const redemptions = pgTable(
  'redemptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    credentialId: text('credential_id').notNull(),
    /** 0 EOA (pays its own gas), 3 deposit wallet (signed batch, relayed). */
    walletType: integer('wallet_type').notNull(),
    /** The wallet that holds the outcome tokens and receives the pUSD. */
    walletAddress: text('wallet_address').notNull(),
    conditionId: text('condition_id').notNull(),
    /** The collateral adapter the redemption goes through (standard or neg-risk). */
    adapter: text('adapter').notNull(),
    status: text('status').notNull(),
    /** The signed transaction or batch exactly as sent (public once broadcast; it authorises only this call). */
    signedPayload: jsonb('signed_payload').$type<Readonly<Record<string, unknown>>>(),
    txHash: varchar('tx_hash', { length: 66 }),
    /** pUSD the wallet's outcome tokens of this market paid (what it held × payout), once redeemed. */
    proceedsMicros: micros('proceeds_micros'),
    /** pUSD credited to the bots' ledgers (their positions × payout). */
    creditedMicros: micros('credited_micros'),
    attempts: integer('attempts').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: timestamp('created_at', tz).notNull(),
    updatedAt: timestamp('updated_at', tz).notNull(),
    redeemedAt: timestamp('redeemed_at', tz),
  },
  (t) => [
    uniqueIndex('redemptions_user_wallet_condition_uq').on(t.userId, t.walletAddress, t.conditionId),
    index('redemptions_open_idx').on(t.updatedAt).where(sql`status in ('claimed', 'signed', 'submitted')`),
  ],
);
