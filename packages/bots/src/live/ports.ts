/**
 * The live path's ports. The credential vault implements `LiveAccountPort` (its signing scope
 * decrypts for at most 30 s and zeroes the key bytes afterwards); `@polymancer/polymarket`
 * implements `LiveVenue` over the official `@polymarket/clob-client-v2`.
 */
import type { ExchangeProbe, PreflightWallet } from '@polymancer/core';
import type { ExchangeKind, WalletType } from './live-order.ts';

/** The public side of a user's trading credential. */
export interface LiveAccount {
  readonly credentialId: string;
  readonly walletType: WalletType;
  /** The EOA that signs orders (the owner, for proxy / Safe / deposit wallets). */
  readonly signerAddress: string;
  /** The wallet that holds the funds and is the order's maker (= signer for EOA). */
  readonly funderAddress: string;
}

/** Decrypted secrets, valid only inside `withSecrets`' callback. */
export interface LiveSecrets {
  /** 32 bytes; zeroed by the vault when the scope ends. */
  readonly privateKey: Uint8Array;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase: string;
}

export interface LiveAccountPort {
  /** The user's active trading credential; undefined when none. */
  accountFor(userId: string): Promise<LiveAccount | undefined>;
  /** The signing scope: `fn` sees the plaintext; it is wiped when `fn` settles (or times out). */
  withSecrets<T>(account: LiveAccount, fn: (secrets: LiveSecrets) => Promise<T>): Promise<T>;
}

/** What to sign: a FOK market order. BUY spends `amountMicros` pUSD; SELL sells `amountMicros` shares. */
export interface LiveOrderSpec {
  readonly tokenId: string;
  readonly side: 'BUY' | 'SELL';
  readonly amountMicros: number;
  /** Worst price accepted (BUY highest, SELL lowest), on the market's tick. */
  readonly limitPriceMicros: number;
  readonly tickSizeMicros: number;
  readonly exchange: ExchangeKind;
}

export interface SignedLiveOrder {
  /** The EIP-712 hash: the exchange's order id. */
  readonly orderHash: string;
  readonly salt: string;
  readonly makerAddress: string;
  readonly signerAddress: string;
  readonly makerAmountMicros: number;
  readonly takerAmountMicros: number;
  /** The signed order as it is posted (the `order` field of POST /order). */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One match of the order at the exchange. */
export interface VenueFillLeg {
  readonly priceMicros: number;
  readonly sharesMicros: number;
}

export interface VenueFill {
  readonly sharesMicros: number;
  /** Collateral paid (BUY) or received (SELL), before fees. */
  readonly notionalMicros: number;
  readonly transactionHashes: readonly string[];
  readonly tradeIds: readonly string[];
  /** Per-trade prices when the venue reported them (fees are charged per match). */
  readonly legs?: readonly VenueFillLeg[] | undefined;
}

/**
 * The exchange's answer to a post.
 * - `matched`: filled entirely (FOK).
 * - `rejected`: refused (400: not filled, balance, signature, maker not allowed, …) — nothing happened.
 * - `unavailable`: refused before matching — engine restarting (425), cancel-only / post-only /
 *   disabled (503), rate limited (429); `retryable` ones may be posted again (same signed order).
 * - `unknown`: timeout, dropped connection, 5xx — it may have matched; only reconciliation knows.
 */
export type PostAnswer = (
  | { readonly kind: 'matched'; readonly fill: VenueFill }
  | { readonly kind: 'rejected'; readonly code: string; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly code: VenueUnavailableCode; readonly reason: string; readonly retryable: boolean; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'unknown'; readonly reason: string }
) & {
  /** The HTTP status of the exchange's answer; null when none came (for the API-error breaker). */
  readonly httpStatus?: number | null | undefined;
};

export type VenueUnavailableCode = 'exchange_restarting' | 'exchange_cancel_only' | 'exchange_post_only' | 'exchange_trading_disabled' | 'exchange_rate_limited';

/** What the exchange knows of an order hash. */
export type OrderLookup =
  | { readonly kind: 'matched'; readonly fill: VenueFill }
  | { readonly kind: 'not_found' }
  /** Known but neither filled nor gone (should not happen to a FOK): keep asking. */
  | { readonly kind: 'pending'; readonly status: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

export interface LiveVenue {
  /** Builds and signs the order for the account's wallet type on `spec.exchange`; no network. */
  sign(account: LiveAccount, secrets: LiveSecrets, spec: LiveOrderSpec): Promise<SignedLiveOrder>;
  /** Posts it as FOK with L2 headers. Never throws for an exchange answer. */
  post(account: LiveAccount, secrets: LiveSecrets, order: SignedLiveOrder): Promise<PostAnswer>;
  /** Whether the account may only close positions (`/auth/ban-status/closed-only`); absent = never asked. */
  closedOnly?(account: LiveAccount, secrets: LiveSecrets): Promise<boolean>;
  /**
   * An authenticated (L2) read of the account's closed-only status, classified for pre-flight: answered,
   * the key refused for this address (401), this server refused (403, geoblock), or no answer. Never throws.
   */
  probeAccount?(account: LiveAccount, secrets: LiveSecrets): Promise<ExchangeProbe>;
  /** The order by hash and the account's trades for it. */
  lookup(account: LiveAccount, secrets: LiveSecrets, orderHash: string, tokenId: string): Promise<OrderLookup>;
}

/**
 * The trading wallet on chain for pre-flight and the live path's gas / pUSD checks: read at one
 * block (`@polymancer/polymarket`'s `createLiveWalletReader` implements it over viem). Throws when the
 * chain cannot be read.
 */
export interface LiveWalletPort {
  read(query: { readonly walletType: WalletType; readonly signerAddress: string; readonly funderAddress: string; readonly exchange: ExchangeKind }): Promise<PreflightWallet>;
}
