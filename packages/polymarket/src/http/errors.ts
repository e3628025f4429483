/**
 * Transport failures of the Polymarket HTTP adapter, as core errors. Messages and details name the
 * source, the operation and the HTTP status only — never a URL (a configured base URL may carry
 * credentials), headers or a response body.
 */
import { InfrastructureError, NotFoundError } from '@polymancer/core';
import { PolymarketParseError } from '../errors.ts';

export type HttpSource = 'gamma' | 'clob' | 'data';

/** Retry can help for network failures, timeouts, 408, 429 and 5xx; not for other 4xx or a malformed body. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

export function venueUnavailable(source: HttpSource, operation: string, status: number | undefined, reason?: string): InfrastructureError {
  const what = status === undefined ? (reason ?? 'no answer') : `HTTP ${status}`;
  return new InfrastructureError(`Polymarket ${source} ${operation} failed: ${what}`, {
    details: { source, operation, ...(status === undefined ? {} : { status }) },
    retryable: isRetryableStatus(status),
  });
}

/** The venue answered 200 with a body our parsers refuse: not retryable, the path says where. */
export function venueMalformed(source: HttpSource, operation: string, error: PolymarketParseError): InfrastructureError {
  return new InfrastructureError(`Polymarket ${source} ${operation} answered an unexpected shape at ${error.path}`, {
    details: { source, operation, path: error.path },
    cause: error,
    retryable: false,
  });
}

export function marketNotListed(conditionId: string): NotFoundError {
  return new NotFoundError(`market ${conditionId}`, { details: { conditionId } });
}

/** Rejects with a retryable `InfrastructureError` when `work` takes longer than `timeoutMs`. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, source: HttpSource, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(venueUnavailable(source, operation, undefined, `timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
