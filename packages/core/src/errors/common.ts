import { PolymancerError, type PolymancerErrorOptions } from './base.ts';

/** Input failed validation; `details.issues` lists `{ path, message }` per field. */
export class ValidationError extends PolymancerError {
  readonly code = 'validation_failed';
}

export class NotFoundError extends PolymancerError {
  readonly code = 'not_found';
  constructor(what: string, options?: PolymancerErrorOptions) {
    super(`${what} was not found`, options);
  }
}

export class ConflictError extends PolymancerError {
  readonly code = 'conflict';
}

export class UnauthenticatedError extends PolymancerError {
  readonly code = 'unauthenticated';
  constructor(message = 'Sign in to continue', options?: PolymancerErrorOptions) {
    super(message, options);
  }
}

/** The session is valid but too old (or lacks MFA) for a sensitive action. */
export class FreshAuthRequiredError extends PolymancerError {
  readonly code = 'fresh_auth_required';
}

export class ForbiddenError extends PolymancerError {
  readonly code = 'forbidden';
  constructor(message = 'You are not allowed to do this', options?: PolymancerErrorOptions) {
    super(message, options);
  }
}

export class RateLimitedError extends PolymancerError {
  readonly code = 'rate_limited';
}

/** Configuration is missing or invalid; raised at start, never at request time. */
export class ConfigError extends PolymancerError {
  readonly code = 'config_invalid';
}

/** Broken infrastructure (database down, exchange unreachable): retry may help. */
export class InfrastructureError extends PolymancerError {
  readonly code = 'infrastructure_unavailable';
}
