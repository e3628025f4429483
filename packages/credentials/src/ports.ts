/**
 * The ports the credential vault talks to the world through. `@polymancer/db` implements the
 * stores, `@polymancer/polymarket` the exchange account and the wallet-state reader (over the
 * exchange's balance-allowance endpoint through the official client, and over the chain), the app
 * wires live bots (`@polymancer/db`'s live-bot store), notifications (the outbox) and the audit log.
 */
import type { WalletType } from './wallet-type.ts';

// ---------------------------------------------------------------- shared services

/** A dotted-verb audit event (structurally `@polymancer/audit`'s `AuditEventInput`). Never secret content. */
export interface CredentialAuditEvent {
  readonly actorId: string | null;
  readonly actorType: 'user' | 'operator' | 'system';
  readonly action: string;
  readonly subjectType?: string | null;
  readonly subjectId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditPort {
  record(event: CredentialAuditEvent): Promise<unknown>;
}

export interface Notifier {
  notify(userId: string, kind: string, data: Readonly<Record<string, unknown>>): Promise<void>;
}

/** Pauses the user's active live bots; returns the ids it paused (`@polymancer/db` live-bot store). */
export interface LiveBotsPort {
  pauseLiveBots(userId: string, at: Date): Promise<readonly string[]>;
}

/** Who is asking, for the audit trail. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** Fires `fire` after `ms`; returns a cancel function. Tests pass a manual timer. */
export interface ScopeTimer {
  after(ms: number, fire: () => void): () => void;
}

export const realTimer: ScopeTimer = {
  after(ms, fire) {
    const handle = setTimeout(fire, ms);
    return () => clearTimeout(handle);
  },
};

// ---------------------------------------------------------------- the exchange and the wallet

/** Polymarket L2 API credentials, in the clear: exist only during import and inside the signing scope. */
export interface ApiCredentials {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
}

export interface ExchangeAccountPort {
  /**
   * One L2-authenticated call with `credentials` as `address` (POLY_ADDRESS): `ok` when the exchange
   * accepts them for that address, `rejected` when it refuses (401/403). Throws `ExchangeUnavailableError`
   * when the exchange cannot be reached.
   */
  authenticate(credentials: ApiCredentials, address: string): Promise<'ok' | 'rejected'>;
  /** `DELETE /auth/api-key` signed by the key itself (it revokes the key that signs it). */
  revokeApiKey(credentials: ApiCredentials, address: string): Promise<'revoked' | 'rejected'>;
}

export interface WalletQuery {
  readonly walletType: WalletType;
  readonly signerAddress: string;
  /** The wallet that trades (holds pUSD): the signer for an EOA, else the proxy / Safe / deposit wallet. */
  readonly funderAddress: string;
  readonly credentials: ApiCredentials;
}

export interface SpenderAllowance {
  /** Lower-case spender address. */
  readonly spender: string;
  readonly name: string;
  readonly amount: bigint;
}

export interface TokenApproval {
  readonly operator: string;
  readonly name: string;
  readonly approved: boolean;
}

/** What a reader could learn about the trading wallet; `null` = this reader cannot tell. */
export interface WalletState {
  /** pUSD base units (6 decimals). */
  readonly pusdMicros: bigint;
  /** USDC.e base units waiting to be wrapped into pUSD. */
  readonly usdceMicros: bigint | null;
  /** pUSD allowances to the exchanges and collateral adapters. */
  readonly allowances: readonly SpenderAllowance[];
  /** Outcome-token (ERC-1155) operator approvals. */
  readonly tokenApprovals: readonly TokenApproval[] | null;
  /** POL (wei) of the account that pays gas: the signer of an EOA wallet; null for gasless types or unknown. */
  readonly gasWei: bigint | null;
  /** Where the figures came from (`exchange`, `chain`). */
  readonly sources: readonly string[];
}

export interface WalletStatePort {
  read(query: WalletQuery): Promise<WalletState>;
}

// ---------------------------------------------------------------- storage

export type CredentialLifecycle = 'active' | 'deprecated';
export type ValidationStatus = 'valid' | 'invalid';

/** The four sealed envelopes of a row (see `crypto/field-cipher.ts`). */
export interface SealedFields {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase: string;
  readonly privateKey: string;
}

/** Metadata only: what may be listed, logged and audited. */
export interface CredentialRecord {
  readonly id: string;
  readonly userId: string;
  readonly walletType: WalletType;
  readonly signerAddress: string;
  readonly funderAddress: string;
  readonly lifecycle: CredentialLifecycle;
  readonly validationStatus: ValidationStatus;
  readonly validationReason: string | null;
  /** The key every field of the row is sealed under. */
  readonly keyId: string;
  readonly createdAt: Date;
  readonly validatedAt: Date;
  readonly rotationRemindedAt: Date | null;
  readonly rotationPausedAt: Date | null;
  readonly deprecatedAt: Date | null;
  /** Deprecated rows: when the overlap ends and the old key is revoked. */
  readonly overlapEndsAt: Date | null;
  readonly replacedBy: string | null;
}

export interface StoredCredential extends CredentialRecord {
  readonly sealed: SealedFields;
}

export interface CredentialStore {
  /** Inserts an active credential; an earlier active one of the user (if any) is deprecated in the same transaction with `overlapEndsAt`. */
  insertActive(row: StoredCredential, overlapEndsAt: Date): Promise<{ readonly deprecated: string | null }>;
  find(userId: string, id: string): Promise<StoredCredential | undefined>;
  findById(id: string): Promise<StoredCredential | undefined>;
  active(userId: string): Promise<StoredCredential | undefined>;
  list(userId: string): Promise<CredentialRecord[]>;
  /** Every active credential (the daily jobs walk them). */
  listActive(): Promise<CredentialRecord[]>;
  remove(userId: string, id: string): Promise<boolean>;
  setValidation(id: string, status: ValidationStatus, reason: string | null, at: Date): Promise<void>;
  markRotationReminded(id: string, at: Date): Promise<boolean>;
  markRotationPaused(id: string, at: Date): Promise<boolean>;
  /** Deprecated rows whose overlap has ended by `now`. */
  overlapEnded(now: Date): Promise<StoredCredential[]>;
  /** Up to `limit` rows not sealed under `keyId`. */
  notSealedUnder(keyId: string, limit: number): Promise<StoredCredential[]>;
  /** Replaces a row's envelopes only if it is still sealed under `fromKeyId` (compare-and-set). */
  reseal(id: string, fromKeyId: string, toKeyId: string, sealed: SealedFields): Promise<boolean>;
}

export type ExportStatus = 'pending' | 'completed' | 'cancelled';

export interface ExportRequestRecord {
  readonly id: string;
  readonly userId: string;
  readonly credentialId: string;
  readonly status: ExportStatus;
  readonly requestedAt: Date;
  readonly completableAt: Date;
  readonly completedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface ExportRequestStore {
  /** Under a per-user lock: `decide` sees the pending request and the last completed one and may insert. */
  request<T>(userId: string, decide: (state: { readonly pending: ExportRequestRecord | undefined; readonly lastCompleted: ExportRequestRecord | undefined }) => { readonly insert: ExportRequestRecord | null; readonly result: T }): Promise<T>;
  pending(userId: string): Promise<ExportRequestRecord | undefined>;
  /** pending → completed/cancelled, only from pending (compare-and-set); false if it moved. */
  finish(id: string, status: 'completed' | 'cancelled', at: Date): Promise<boolean>;
}
