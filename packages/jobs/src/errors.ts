import { PolymancerError } from '@polymancer/core';

/** Misuse of the job runner (a bug in the caller), or pg-boss failing to start. */
export class JobRunnerError extends PolymancerError {
  readonly code: 'jobs.not_started' | 'jobs.spies_disabled' | 'jobs.wait_timeout' | 'jobs.start_failed';
  constructor(code: JobRunnerError['code'], message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}
