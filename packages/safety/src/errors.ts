import { PolymancerError } from '@polymancer/core';

/** An operator asked to resume a breaker that is not open. */
export class BreakerNotOpenError extends PolymancerError {
  readonly code = 'breaker_not_open';
}
