import { normaliseCountry, ValidationError } from '@polymancer/core';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { iso, requestFacts } from '../unlock/request-facts.ts';

const kycStatus = t.Union([t.Literal('unverified'), t.Literal('pending'), t.Literal('verified'), t.Literal('rejected')]);
const statusSchema = t.Object({
  status: kycStatus,
  provider: t.String(),
  sandbox: t.Boolean({ description: 'true: a SANDBOX demo verification, not an identity check (never counts where real money is traded).' }),
  verifiedAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
  country: t.Union([t.String(), t.Null()], { description: 'ISO alpha-2 country of the verified identity document.' }),
  reason: t.Union([t.String(), t.Null()], { description: "The provider's user-facing reason after a rejection or a retry request." }),
});

const detail = (summary: string, description = '') => ({ summary, tags: ['kyc'], security: [{ bearer: [] }, { cookie: [] }], ...(description === '' ? {} : { description }) });

function statusView(s: { status: 'unverified' | 'pending' | 'verified' | 'rejected'; provider: string; sandbox: boolean; verifiedAt: Date | null; country: string | null; reason: string | null }) {
  return { status: s.status, provider: s.provider, sandbox: s.sandbox, verifiedAt: iso(s.verifiedAt), country: s.country, reason: s.reason };
}

/** The caller's identity verification. */
export function getKyc(deps: Pick<ApiDeps, 'auth' | 'clock' | 'unlock'>) {
  return new Elysia({ name: 'routes.kyc.get', seed: deps.auth }).use(authGuard(deps)).get('/api/v1/kyc', async ({ session }) => statusView(await deps.unlock.kyc.status(session.user.id)), {
    signedIn: true,
    detail: detail('Your identity verification status', 'Your KYC status (unverified, pending, verified, rejected), the provider, and when it was verified.'),
    response: { 200: statusSchema },
  });
}

/** Starts (or resumes) identity verification: the provider's applicant and an access token for its mobile SDK. */
export function postKycVerification(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'unlock' | 'requestCountry'>) {
  return new Elysia({ name: 'routes.kyc.start', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/kyc/verification',
    async ({ session, request }) => {
      const { meta } = requestFacts(deps, request);
      const s = await deps.unlock.kyc.start({ userId: session.user.id, email: session.user.email }, meta);
      return { provider: s.provider, sandbox: s.sandbox, accessToken: s.accessToken, expiresAt: iso(s.expiresAt), levelName: s.levelName };
    },
    {
      signedIn: true,
      detail: detail('Start identity verification', 'Returns the access token for the provider SDK (SumSub), or a SANDBOX token (`sandbox: true`) in the embedded default. 409 `kyc_concluded` once verified or finally rejected.'),
      response: {
        200: t.Object({ provider: t.String(), sandbox: t.Boolean(), accessToken: t.String(), expiresAt: t.Union([t.String({ format: 'date-time' }), t.Null()]), levelName: t.Union([t.String(), t.Null()]) }),
      },
    },
  );
}

/**
 * SANDBOX ONLY — the demo user concludes their own review. 404 unless the configured provider is
 * the sandbox (which configuration refuses where real money is traded).
 */
export function postKycSandboxReview(deps: Pick<ApiDeps, 'auth' | 'clock' | 'unlock'>) {
  return new Elysia({ name: 'routes.kyc.sandbox-review', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/kyc/sandbox/review',
    async ({ session, body }) => {
      const country = body.country === undefined ? null : normaliseCountry(body.country);
      if (body.country !== undefined && country === null) throw new ValidationError('Invalid country', { details: { issues: [{ path: 'country', message: 'must be an ISO 3166-1 alpha-2 code' }] } });
      const review =
        body.answer === 'GREEN'
          ? ({ answer: 'GREEN' } as const)
          : ({ answer: 'RED', rejectType: body.rejectType ?? 'FINAL', labels: ['SANDBOX'], userMessage: body.message ?? null } as const);
      return statusView(await deps.unlock.kyc.sandboxReview(session.user.id, review, country));
    },
    {
      signedIn: true,
      body: t.Object(
        {
          answer: t.Union([t.Literal('GREEN'), t.Literal('RED')]),
          rejectType: t.Optional(t.Union([t.Literal('FINAL'), t.Literal('RETRY')])),
          country: t.Optional(t.String({ minLength: 2, maxLength: 2, description: 'ISO alpha-2 country the demo identity is from (GREEN).' })),
          message: t.Optional(t.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      detail: detail('SANDBOX: conclude your own demo identity review', 'Only with KYC_PROVIDER=sandbox (never where real money is traded): a demo, not an identity check.'),
      response: { 200: statusSchema },
    },
  );
}
