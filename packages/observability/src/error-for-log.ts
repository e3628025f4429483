/**
 * What of an error may be logged. Query errors from the database driver carry the statement's bound
 * parameters in their message (a session token, a password hash, a ciphertext): those never reach a
 * log. We keep the error's class, code, the driver's own message (the server's text, which does not
 * echo parameters) and the stack.
 */
export interface LoggableError {
  readonly type: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
  readonly cause?: LoggableError;
}

const paramsTail = /\n?params:[\s\S]*$/;

/** Text as it may be logged: a failed query's `params: …` tail (bound values) is withheld. */
export function withoutQueryParameters(text: string): string {
  return text.replace(paramsTail, ' [parameters withheld]');
}

export function errorForLog(error: unknown, depth = 0): LoggableError {
  if (!(error instanceof Error)) return { type: typeof error, message: 'non-error value thrown' };
  const code = (error as { code?: unknown }).code;
  const out: { -readonly [K in keyof LoggableError]: LoggableError[K] } = {
    type: error.name,
    message: withoutQueryParameters(error.message),
  };
  if (typeof code === 'string') out.code = code;
  if (error.stack !== undefined) out.stack = withoutQueryParameters(error.stack);
  if (error.cause !== undefined && depth < 3) out.cause = errorForLog(error.cause, depth + 1);
  return out;
}
