/**
 * better-auth's own routes (`/api/auth/*`: sign-up, sign-in, sign-out, sessions, two-factor) served
 * inside the Elysia app, so they get the same request ids, security headers, CORS and logs. The
 * client IP is resolved by the API's rule and handed over in a header better-auth is configured to
 * trust (any client-sent value is dropped first).
 *
 * The routes clients use are declared one by one with their body schemas: they appear in
 * `/openapi/json`, and malformed or invalid bodies get our 400 / 422 answers before better-auth
 * sees them. Everything else under `/api/auth/*` passes through untouched (hidden from the document).
 *
 * A request that names a bearer token reaches better-auth without its cookies: it is authenticated
 * by the token alone, and better-auth's own origin check (which applies whenever a cookie is sent)
 * does not then demand an Origin from an app that keeps a cookie jar.
 */
import { clientIpHeader, type Auth } from '@polymancer/accounts';
import type { Config } from '@polymancer/config';
import { Elysia, t } from 'elysia';
import { hasBearerToken } from '../http/cross-site-writes.ts';
import { metaOf } from '../http/request-context.ts';
import { reshapeAuthError } from './better-auth-errors.ts';

type Set = { headers: Record<string, unknown> };

const email = t.String({ minLength: 3, maxLength: 254, description: 'Email address' });
const password = t.String({ minLength: 1, maxLength: 128, description: 'Password' });
const open = { additionalProperties: true } as const;

export function betterAuthRoutes(deps: { auth: Auth; config: Config }) {
  const base = deps.auth.basePath;

  async function forward(request: Request, set: Set, body: string | ArrayBuffer | undefined): Promise<Response> {
    const headers = new Headers(request.headers);
    headers.delete(clientIpHeader);
    headers.delete('content-length');
    if (hasBearerToken(headers)) headers.delete('cookie');
    const ip = metaOf(request).ip;
    if (ip !== null) headers.set(clientIpHeader, ip);
    if (typeof body === 'string') headers.set('content-type', 'application/json');
    const response = await deps.auth.handler(new Request(request.url, { method: request.method, headers, ...(body === undefined ? {} : { body }) }));
    return reshapeAuthError(response, String(set.headers['x-request-id'] ?? 'req_unknown'));
  }

  // Who may call: nobody signed in (sign-up, sign-in), a session, or either (the TOTP challenge cookie or a session).
  const security = { none: [], session: [{ bearer: [] }, { cookie: [] }], either: [{}, { bearer: [] }, { cookie: [] }] };
  const documented = (summary: string, description: string, who: keyof typeof security) => ({
    detail: { summary, description, tags: ['auth'], security: security[who] },
  });

  return new Elysia({ name: 'routes.better-auth', seed: deps.auth })
    .post(`${base}/sign-up/email`, ({ request, set, body }) => forward(request, set, JSON.stringify(body)), {
      body: t.Object({ name: t.String({ minLength: 1, maxLength: 200 }), email, password, image: t.Optional(t.String()) }, open),
      ...documented('Create an account with email and password', 'Signs in too: answers a session cookie and a bearer token (`set-auth-token` header). Role, tier and KYC fields cannot be set.', 'none'),
    })
    .post(`${base}/sign-in/email`, ({ request, set, body }) => forward(request, set, JSON.stringify(body)), {
      body: t.Object({ email, password, rememberMe: t.Optional(t.Boolean()) }, open),
      ...documented(
        'Sign in with email and password',
        'Answers a session cookie and a bearer token (`set-auth-token`), or `{ twoFactorRedirect: true }` and a challenge cookie when TOTP is enrolled (then POST /api/auth/two-factor/verify-totp).',
        'none',
      ),
    })
    .post(`${base}/sign-out`, ({ request, set }) => forward(request, set, '{}'), {
      ...documented('Sign out: revokes this session', 'The session (bearer token or cookie) stops working at once; other sessions of the account are untouched.', 'session'),
    })
    .get(`${base}/get-session`, ({ request, set }) => forward(request, set, undefined), {
      ...documented('The current session and user, or null', 'The session this request carries and its user, or `null` when it carries none or a stale one (never 401).', 'either'),
    })
    .post(`${base}/two-factor/enable`, ({ request, set, body }) => forward(request, set, JSON.stringify(body)), {
      body: t.Object({ password, issuer: t.Optional(t.String({ maxLength: 100 })) }, open),
      ...documented('Start TOTP enrolment', 'Answers a `totpURI` (for the authenticator app) and backup codes. MFA turns on when the first code is verified.', 'session'),
    })
    .post(`${base}/two-factor/verify-totp`, ({ request, set, body }) => forward(request, set, JSON.stringify(body)), {
      body: t.Object({ code: t.String({ pattern: '^[0-9]{6}$' }), trustDevice: t.Optional(t.Boolean()) }, open),
      ...documented('Verify a TOTP code', 'Completes enrolment, answers the sign-in challenge (with its cookie), or steps up the current session. A code is accepted once.', 'either'),
    })
    .post(`${base}/change-password`, ({ request, set, body }) => forward(request, set, JSON.stringify(body)), {
      body: t.Object({ currentPassword: password, newPassword: password }, open),
      ...documented(
        'Change the password',
        "Every session of the account is revoked, this one included, and a new session is answered (cookie, `set-auth-token`, and `token`): a password change always signs out the account's other devices.",
        'session',
      ),
    })
    .post(`${base}/two-factor/disable`, ({ request, set, body }) => forward(request, set, JSON.stringify(body)), {
      body: t.Object({ password }, open),
      ...documented('Turn TOTP off (needs the password)', 'Removes the TOTP secret and backup codes; sign-in then needs the password alone.', 'session'),
    })
    .post(`${base}/two-factor/get-totp-uri`, ({ request, set, body }) => forward(request, set, JSON.stringify(body)), {
      body: t.Object({ password }, open),
      ...documented('Show the TOTP URI again (needs the password)', 'Answers the `totpURI` of the enrolled secret, to add it to another authenticator app.', 'session'),
    })
    .all(
      `${base}/*`,
      async ({ request, set }) => {
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        return forward(request, set, hasBody ? await request.arrayBuffer() : undefined);
      },
      { parse: 'none', detail: { hide: true } },
    );
}
