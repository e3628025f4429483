/**
 * The credential vault (issue 18): users' Polymarket credentials, every secret field sealed with
 * AES-256-GCM (`@polymancer/credentials` `crypto/field-cipher.ts`; the envelope names its key id,
 * and associated data binds it to user, row and field), and key-export requests.
 */
import { sql } from 'drizzle-orm';
import { index, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

export const exchangeCredentials = pgTable(
  'exchange_credentials',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** Polymarket signature type: 0 EOA, 1 proxy, 2 Safe, 3 deposit wallet. */
    walletType: smallint('wallet_type').notNull(),
    /** Lower-case address that signs orders (and whose API key this is). */
    signerAddress: text('signer_address').notNull(),
    /** Lower-case address of the wallet that trades (= signer for an EOA). */
    funderAddress: text('funder_address').notNull(),
    /** `active` (one per user) or `deprecated` (replaced by a rotation, revoked when the overlap ends). */
    lifecycle: text('lifecycle').notNull(),
    validationStatus: text('validation_status').notNull(),
    validationReason: text('validation_reason'),
    /** The master key every envelope of the row is sealed under (the re-encryption job moves it). */
    keyId: text('key_id').notNull(),
    apiKeyEnc: text('api_key_enc').notNull(),
    apiSecretEnc: text('api_secret_enc').notNull(),
    apiPassphraseEnc: text('api_passphrase_enc').notNull(),
    privateKeyEnc: text('private_key_enc').notNull(),
    createdAt: timestamp('created_at', tz).notNull(),
    validatedAt: timestamp('validated_at', tz).notNull(),
    rotationRemindedAt: timestamp('rotation_reminded_at', tz),
    rotationPausedAt: timestamp('rotation_paused_at', tz),
    deprecatedAt: timestamp('deprecated_at', tz),
    overlapEndsAt: timestamp('overlap_ends_at', tz),
    replacedBy: text('replaced_by'),
  },
  (t) => [
    uniqueIndex('exchange_credentials_one_active_idx').on(t.userId).where(sql`${t.lifecycle} = 'active'`),
    index('exchange_credentials_user_idx').on(t.userId),
    index('exchange_credentials_key_idx').on(t.keyId),
  ],
);

/** Key-export requests: completable after a delay, completed once, cancellable; one pending per user. */
export const credentialExportRequests = pgTable(
  'credential_export_requests',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    credentialId: text('credential_id').notNull(),
    /** `pending`, `completed`, `cancelled`. */
    status: text('status').notNull(),
    requestedAt: timestamp('requested_at', tz).notNull(),
    completableAt: timestamp('completable_at', tz).notNull(),
    completedAt: timestamp('completed_at', tz),
    cancelledAt: timestamp('cancelled_at', tz),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    uniqueIndex('credential_export_requests_one_pending_idx').on(t.userId).where(sql`${t.status} = 'pending'`),
    index('credential_export_requests_user_idx').on(t.userId, t.requestedAt),
  ],
);
