import { err, ok, type Result, ValidationError } from '@polymancer/core';
import type { z } from 'zod';
import { strategyConfigSchema, type StrategyConfig } from './params.ts';

export interface FieldIssue {
  /** Dotted path, e.g. `params.windowSize`. */
  readonly path: string;
  readonly message: string;
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Validates a `{ kind, params }` strategy configuration, filling defaults. The error is core's
 * `ValidationError` with `details.issues` as `{ path, message }` per field, ready for the HTTP edge.
 */
export function parseStrategyConfig(input: unknown): Result<StrategyConfig, ValidationError> {
  const parsed = strategyConfigSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = toFieldIssues(parsed.error);
  const first = issues[0];
  const message = first === undefined ? 'Invalid strategy' : `Invalid strategy: ${first.path === '' ? '' : `${first.path}: `}${first.message}`;
  return err(new ValidationError(message, { details: { issues } }));
}
