import { InvalidCredentialsError, MfaRequiredError } from '@polymancer/accounts';
import { RateLimitedError } from '@polymancer/core';
import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';

const body = t.Object(
  {
    password: t.String({ minLength: 1, maxLength: 128, description: 'The account password' }),
    code: t.Optional(t.String({ pattern: '^[0-9]{6}$', description: 'Current 6-digit TOTP code (required when MFA is enrolled)' })),
  },
  { additionalProperties: false },
);

const mfaMessages = {
  code_missing: 'A current TOTP code is required',
  code_invalid: 'The TOTP code is not valid',
  code_reused: 'That TOTP code was already used; wait for the next one',
} as const;

/** Proves the password (and TOTP code when enrolled) again, making this session fresh. */
export function postReauthenticate(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config'>) {
  return new Elysia({ name: 'routes.session.reauthenticate', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/session/reauthenticate',
    async ({ session, body, request }) => {
      const outcome = await deps.auth.reauthenticate(session, body, auditMeta(request));
      if (!outcome.ok) {
        const failure = outcome.error;
        switch (failure.code) {
          case 'invalid_credentials':
            throw new InvalidCredentialsError();
          case 'mfa_required':
            throw new MfaRequiredError(mfaMessages[failure.reason], {
              details: { reason: failure.reason },
            });
          case 'rate_limited':
            throw new RateLimitedError('Too many failed attempts; try again later', { details: { retryAfterSecs: failure.retryAfterSecs } });
        }
      }
      const freshUntil = new Date(outcome.value.authenticatedAt.getTime() + deps.auth.freshAuthWindowSecs * 1000);
      return { fresh: true as const, mfaVerified: outcome.value.mfaVerified, freshUntil: freshUntil.toISOString() };
    },
    {
      signedIn: true,
      body,
      detail: {
        summary: 'Re-authenticate this session for sensitive actions',
        description: 'Send the password (and `code`, the current TOTP code, when enrolled): the session becomes fresh for FRESH_AUTH_WINDOW_SECS. 401 `invalid_credentials` or `mfa_required`; 429 `rate_limited` (`details.retryAfterSecs`) after repeated failures.',
        tags: ['accounts'],
        security: [{ bearer: [] }, { cookie: [] }],
      },
      response: { 200: t.Object({ fresh: t.Literal(true), mfaVerified: t.Boolean(), freshUntil: t.String() }) },
    },
  );
}
