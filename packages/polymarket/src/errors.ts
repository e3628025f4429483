import { PolymancerError } from '@polymancer/core';

/** A Polymarket payload did not have the shape we rely on. `path` points at the offending field. */
export class PolymarketParseError extends PolymancerError {
  readonly code = 'polymarket_parse_failed';
  readonly path: string;
  constructor(path: string, message: string, cause?: unknown) {
    super(`${path}: ${message}`, { details: { path }, cause });
    this.path = path;
  }
}
