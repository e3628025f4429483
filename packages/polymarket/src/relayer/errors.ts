import { PolymancerError, type PolymancerErrorOptions } from '@polymancer/core';

/**
 * Why a call to Polymarket's relayer failed. `relayer_unavailable` and `relayer_timeout` (and
 * `relayer_rate_limited`) may reach the relayer or not: the outcome of a submit is unknown, and the SAME
 * signed payload is what may be sent again. Messages and details never carry the URL, a header or a secret.
 */
export type RelayerErrorCode =
  | 'relayer_unauthorized'
  | 'relayer_rejected'
  /** 400 "wallet busy … active action" / "wallet has in-flight action": an earlier request of the wallet is still running. */
  | 'relayer_busy'
  | 'relayer_rate_limited'
  | 'relayer_unavailable'
  | 'relayer_timeout'
  | 'relayer_bad_response'
  | 'relayer_request_incomplete';

const RETRYABLE: ReadonlySet<RelayerErrorCode> = new Set(['relayer_busy', 'relayer_rate_limited', 'relayer_unavailable', 'relayer_timeout']);

export class PolymarketRelayerError extends PolymancerError {
  readonly code: RelayerErrorCode;
  constructor(code: RelayerErrorCode, message: string, options: Omit<PolymancerErrorOptions, 'retryable'> = {}) {
    super(message, { ...options, retryable: RETRYABLE.has(code) });
    this.code = code;
  }
}
