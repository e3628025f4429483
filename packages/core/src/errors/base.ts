/**
 * The one error base for Polymancer. Every error that crosses a layer carries a stable
 * machine-readable `code`, structured `details` (never a secret), the `cause`, and whether
 * retrying can help. Expected business failures are values (see `result.ts`), not throws.
 */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface PolymancerErrorOptions {
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
  readonly retryable?: boolean;
}

export abstract class PolymancerError extends Error {
  abstract readonly code: string;
  readonly details: ErrorDetails | undefined;
  readonly retryable: boolean;

  constructor(message: string, options: PolymancerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

export function isPolymancerError(value: unknown): value is PolymancerError {
  return value instanceof PolymancerError;
}
