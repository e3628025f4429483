import { isPolymancerError } from '@polymancer/core';
import { httpErrorStatus, isHttpErrorCode, type ErrorBody, type HttpErrorCode } from './error-codes.ts';

export interface RenderedError {
  readonly status: number;
  readonly body: ErrorBody;
}

export function renderError(code: HttpErrorCode, message: string, requestId: string, details?: Readonly<Record<string, unknown>>): RenderedError {
  const error = details === undefined ? { code, message, requestId } : { code, message, details, requestId };
  return { status: httpErrorStatus[code], body: { error } };
}

interface ElysiaValidationLike {
  readonly all?: ReadonlyArray<{ path?: string; message?: string; summary?: string }>;
  readonly type?: string;
}

/**
 * Maps anything thrown inside a request to the error shape. Unknown errors become a bare 500:
 * no message, stack or SQL of theirs ever reaches the client (they are logged instead).
 */
export function errorToResponse(elysiaCode: string | number, error: unknown, requestId: string): RenderedError {
  if (isPolymancerError(error) && isHttpErrorCode(error.code)) {
    return renderError(error.code, error.message, requestId, error.details);
  }
  switch (elysiaCode) {
    case 'VALIDATION': {
      const v = error as ElysiaValidationLike;
      const issues = (v.all ?? []).map((i) => ({ path: normalisePath(i.path), message: i.summary ?? i.message ?? 'is invalid' }));
      const where = v.type === 'query' ? 'query' : v.type === 'params' ? 'path' : v.type === 'headers' ? 'headers' : 'body';
      return renderError('validation_failed', `The request ${where} is invalid`, requestId, { in: where, issues });
    }
    case 'PARSE':
      return renderError('malformed_json', 'The request body could not be parsed as JSON', requestId);
    case 'NOT_FOUND':
      return renderError('not_found', 'No such route', requestId);
    case 'INVALID_COOKIE_SIGNATURE':
      return renderError('unauthenticated', 'Sign in to continue', requestId);
    default:
      return renderError('internal_error', 'Something went wrong on our side; it has been logged', requestId);
  }
}

function normalisePath(path: string | undefined): string {
  if (path === undefined || path === '') return '';
  // TypeBox reports JSON pointers ("/risk/maxTradeSize"); clients read dotted paths.
  return path.replace(/^\//, '').replace(/\//g, '.');
}
