/**
 * The closed set of error codes the HTTP API answers with, and the one status each maps to.
 * A test keeps the codes unique and every `PolymancerError` code used by routes listed here.
 */
export const httpErrorStatus = {
  validation_failed: 422,
  /** An LLM bot while no OpenRouter API key is configured (`@polymancer/strategies`). */
  llm_strategy_unavailable: 422,
  malformed_json: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  fresh_auth_required: 401,
  mfa_required: 401,
  forbidden: 403,
  /** A cookie-authenticated write without an allowed Origin (cross-site request forgery defence). */
  origin_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** Creating a bot beyond MAX_BOTS_PER_USER (`details.maxBotsPerUser`) (`@polymancer/bots`). */
  bot_quota_exceeded: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** The typed acknowledgment is not exactly "I understand I may lose real money" (`@polymancer/unlock`). */
  acknowledgment_mismatch: 422,
  /** A risk-quiz attempt during the wait or with the attempts used up (`details.nextAttemptAt`). */
  quiz_retry_later: 429,
  quiz_already_passed: 409,
  /** Go-live on a bot that is not unlocked (`details.unmet`). */
  not_unlocked: 409,
  /** Go-live on a live bot, or a paper bot that already has one (`details.liveBotId`). */
  already_live: 409,
  /** Starting KYC again after it was verified or finally rejected. */
  kyc_concluded: 409,
  /** A provider webhook whose signature or authorization header does not verify. */
  webhook_unauthorized: 401,
  /** Resuming a live bot while its user no longer meets every live requirement (`details.unmet`). */
  live_requirements_unmet: 409,
  /** Shadow mode on a paper bot: shadow trading is a mode of a live bot. */
  not_live: 409,
  /** Credential import, step 1: wallet type and addresses do not fit (`details.field`) (`@polymancer/credentials`). */
  credential_wallet_invalid: 422,
  /** Credential import: the private key is not 32 bytes of hex. */
  private_key_invalid: 422,
  /** Credential import, step 2: Polymarket refused the API key, secret or passphrase for the signer. */
  api_credentials_rejected: 422,
  /** Credential import, step 2: the API key belongs to another address than the one that signs orders. */
  api_key_address_mismatch: 422,
  /** Credential import, step 3: the private key does not sign as the declared signer. */
  signer_mismatch: 422,
  /** Polymarket could not be reached to validate credentials; nothing changed. */
  exchange_unavailable: 503,
  /** Rotation or export with no active credential. */
  no_active_credential: 409,
  /** An export while another is pending, or within 30 days of a completed one (`details.retryAfter`). */
  export_refused: 409,
  /** Completing an export before its delay has passed (`details.completableAt`). */
  export_not_ready: 409,
  /** A stored credential failed authentication (tampered or moved): never expected; the credential must be imported again. */
  credential_undecryptable: 500,
  /** The signing scope ran past its limit. */
  signing_scope_expired: 503,
  /** An operator resumed a circuit breaker that is not open (`@polymancer/safety`). */
  breaker_not_open: 409,
  internal_error: 500,
  infrastructure_unavailable: 503,
} as const satisfies Record<string, number>;

export type HttpErrorCode = keyof typeof httpErrorStatus;

export function isHttpErrorCode(code: string): code is HttpErrorCode {
  return Object.hasOwn(httpErrorStatus, code);
}

export interface ErrorBody {
  readonly error: {
    readonly code: HttpErrorCode;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
    readonly requestId: string;
  };
}
