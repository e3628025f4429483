/**
 * The credential vault's errors, each with a stable code the API maps to a status. Import refusals
 * tell the user what to do; none carries secret material (messages and details name addresses,
 * wallet types and ids only).
 */
import { PolymancerError } from '@polymancer/core';

/** The configured key ring is unusable (names key ids, never keys). */
export class CredentialKeyRingError extends PolymancerError {
  readonly code = 'credential_key_ring_invalid';
}

/** A stored field failed authentication: tampered, moved to another row/field, or under an unknown key id. */
export class CredentialUndecryptableError extends PolymancerError {
  readonly code = 'credential_undecryptable';
}

/** The signing scope ran past its limit and was aborted (its key bytes are already zeroed). */
export class SigningScopeExpiredError extends PolymancerError {
  readonly code = 'signing_scope_expired';
}

/** Step 1: the wallet type and addresses do not fit together (`details.field`). */
export class CredentialWalletInvalidError extends PolymancerError {
  readonly code = 'credential_wallet_invalid';
}

/** Step 1: the private key is not a 32-byte hex key. */
export class PrivateKeyInvalidError extends PolymancerError {
  readonly code = 'private_key_invalid';
}

/** Step 2: the exchange refused the API key, secret or passphrase for the signing address. */
export class ApiCredentialsRejectedError extends PolymancerError {
  readonly code = 'api_credentials_rejected';
}

/** Step 2: the API key authenticates, but for another address than the one that signs orders. */
export class ApiKeyAddressMismatchError extends PolymancerError {
  readonly code = 'api_key_address_mismatch';
}

/** Step 3: a test message signed by the private key does not recover to the declared signer. */
export class SignerMismatchError extends PolymancerError {
  readonly code = 'signer_mismatch';
}

/** The exchange (or chain) could not be reached to validate; nothing was stored. Retry later. */
export class ExchangeUnavailableError extends PolymancerError {
  readonly code = 'exchange_unavailable';
}

/** An export request while another is pending, or within 30 days of a completed export (`details.retryAfter`). */
export class ExportRefusedError extends PolymancerError {
  readonly code = 'export_refused';
}

/** Completing an export before its delay has passed (`details.completableAt`). */
export class ExportNotReadyError extends PolymancerError {
  readonly code = 'export_not_ready';
}

/** Rotation or export with no valid active credential to act on. */
export class NoActiveCredentialError extends PolymancerError {
  readonly code = 'no_active_credential';
}
