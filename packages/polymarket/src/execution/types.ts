/**
 * The live venue's shapes — structurally the bots service's `LiveVenue` port (`@polymancer/bots`
 * `live/ports.ts`), declared here so this adapter does not import the service.
 */
export type ExchangeKind = 'ctf_v2' | 'neg_risk_v2' | 'v3';
export type WalletType = 0 | 1 | 2 | 3;

export interface VenueAccount {
  readonly walletType: WalletType;
  readonly signerAddress: string;
  readonly funderAddress: string;
}

export interface VenueSecrets {
  readonly privateKey: Uint8Array;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase: string;
}

export interface VenueOrderSpec {
  readonly tokenId: string;
  readonly side: 'BUY' | 'SELL';
  readonly amountMicros: number;
  readonly limitPriceMicros: number;
  readonly tickSizeMicros: number;
  readonly exchange: ExchangeKind;
}

export interface VenueSignedOrder {
  readonly orderHash: string;
  readonly salt: string;
  readonly makerAddress: string;
  readonly signerAddress: string;
  readonly makerAmountMicros: number;
  readonly takerAmountMicros: number;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface VenueFill {
  readonly sharesMicros: number;
  readonly notionalMicros: number;
  readonly transactionHashes: readonly string[];
  readonly tradeIds: readonly string[];
  readonly legs?: readonly { readonly priceMicros: number; readonly sharesMicros: number }[] | undefined;
}

export type VenueUnavailableCode = 'exchange_restarting' | 'exchange_cancel_only' | 'exchange_post_only' | 'exchange_trading_disabled' | 'exchange_rate_limited';

export type VenuePostAnswer = (
  | { readonly kind: 'matched'; readonly fill: VenueFill }
  | { readonly kind: 'rejected'; readonly code: string; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly code: VenueUnavailableCode; readonly reason: string; readonly retryable: boolean; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'unknown'; readonly reason: string }
) & { readonly httpStatus?: number | null | undefined };

export type VenueOrderLookup =
  | { readonly kind: 'matched'; readonly fill: VenueFill }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'pending'; readonly status: string }
  | { readonly kind: 'unreachable'; readonly reason: string };
