import { describe, expect, test } from 'bun:test';
import * as core from '@polymancer/core';
import * as unlock from '@polymancer/unlock';
import { httpErrorStatus, isHttpErrorCode } from '../src/http/error-codes.ts';
import { errorToResponse } from '../src/http/error-response.ts';

type ErrorClass = new (message: string) => core.PolymancerError;

// The cross-cutting errors routes throw; domain errors are turned into these (or into result values) by services.
const errorClasses: ErrorClass[] = [
  core.ValidationError,
  core.NotFoundError,
  core.ConflictError,
  core.UnauthenticatedError,
  core.FreshAuthRequiredError,
  core.ForbiddenError,
  core.RateLimitedError,
  core.ConfigError,
  core.InfrastructureError,
  unlock.AcknowledgmentMismatchError,
  unlock.QuizRetryLaterError,
  unlock.QuizAlreadyPassedError,
  unlock.NotUnlockedError,
  unlock.AlreadyLiveError,
  unlock.KycConcludedError,
  unlock.WebhookUnauthorizedError,
  unlock.LiveRequirementsUnmetError,
];

describe('HTTP error codes', () => {
  test('every cross-cutting error class has its own code', () => {
    const codes = errorClasses.map((C) => new C('x').code);
    expect(codes.length).toBeGreaterThan(5);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('every error that reaches the edge maps to a status (config errors never reach it)', () => {
    for (const C of errorClasses) {
      const code = new C('x').code;
      if (code === 'config_invalid') continue;
      expect(isHttpErrorCode(code)).toBe(true);
    }
  });

  test('statuses are client or server errors', () => {
    for (const status of Object.values(httpErrorStatus)) expect(status >= 400 && status < 600).toBe(true);
  });

  test('an unexpected exception becomes a bare 500 with no message, stack or SQL of its own', () => {
    const leaked = new Error('duplicate key value violates unique constraint "users_email_key" at /srv/app.ts:12');
    const { status, body } = errorToResponse('UNKNOWN', leaked, 'req_1');
    expect(status).toBe(500);
    const text = JSON.stringify(body);
    expect(text).not.toContain('duplicate key');
    expect(text).not.toContain('app.ts');
    expect(body.error.code).toBe('internal_error');
  });
});
