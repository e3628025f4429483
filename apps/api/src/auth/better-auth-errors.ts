/**
 * better-auth answers errors as `{ code, message }` with its own codes. The API promises one error
 * shape, so those answers are rewritten to `{ error: { code, message, details: { reason }, requestId } }`
 * with our codes; better-auth's code is kept as `details.reason` for clients that branch on it.
 */
import type { HttpErrorCode } from '../http/error-codes.ts';
import { renderError } from '../http/error-response.ts';

const byReason: Readonly<Record<string, HttpErrorCode>> = {
  INVALID_EMAIL_OR_PASSWORD: 'invalid_credentials',
  INVALID_PASSWORD: 'invalid_credentials',
  CREDENTIAL_ACCOUNT_NOT_FOUND: 'invalid_credentials',
  INVALID_CODE: 'mfa_required',
  TOTP_CODE_REUSED: 'mfa_required',
  INVALID_TWO_FACTOR_COOKIE: 'unauthenticated',
  VALIDATION_ERROR: 'validation_failed',
  USER_ALREADY_EXISTS: 'conflict',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'conflict',
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: 'rate_limited',
  ACCOUNT_TEMPORARILY_LOCKED: 'rate_limited',
  SIGN_IN_BACKOFF: 'rate_limited',
  PASSWORD_BACKOFF: 'rate_limited',
};

function byStatus(status: number): HttpErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 422) return 'validation_failed';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal_error';
  return 'bad_request';
}

export async function reshapeAuthError(response: Response, requestId: string): Promise<Response> {
  if (response.status < 400) return response;
  let reason: string | undefined;
  let message: string | undefined;
  try {
    const body = (await response.clone().json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') reason = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: keep the status, use our generic message
  }
  const code = (reason !== undefined ? byReason[reason] : undefined) ?? byStatus(response.status);
  const fallback = code === 'rate_limited' ? 'Too many attempts; try again later' : 'The request was refused';
  const safeMessage = code === 'internal_error' ? 'Something went wrong on our side; it has been logged' : (message ?? fallback);
  const retryAfter = response.headers.get('x-retry-after');
  const details: Record<string, unknown> = {};
  if (reason !== undefined) details.reason = reason;
  if (retryAfter !== null) details.retryAfterSecs = Number(retryAfter);
  const rendered = renderError(code, safeMessage, requestId, Object.keys(details).length > 0 ? details : undefined);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.set('content-type', 'application/json');
  if (retryAfter !== null) headers.set('retry-after', retryAfter);
  return new Response(JSON.stringify(rendered.body), { status: rendered.status, headers });
}
