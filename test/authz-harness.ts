/**
 * The authorization harness: one helper that proves, for any route, the security group every route
 * test must have —
 *   - no session, a garbage bearer token, or a stale one (signed out / expired) → 401 `unauthenticated`;
 *   - user B pointed at user A's resource → 404 `not_found`, never 403, so existence does not leak
 *     (or, for routes that only ever show the caller's own data, B sees none of A's; or, for role-gated
 *     routes, 403 `forbidden` because B lacks the role, whatever the resource);
 *   - for writes (POST, PUT, PATCH, DELETE): A's own cookie (as `browserSession` says a browser carries it) from a foreign page (another Origin, none, or `Origin: null`)
 *     → 403 `origin_not_allowed`, and from A's own page with a body that is not declared JSON (what a
 *     cross-site form sends) → 415 `unsupported_media_type`.
 *
 * Usage (inside a `describe`, after the users exist):
 *   authorizationSuite(() => fixture, [{ name: 'get bot', method: 'GET', path: (id) => `/api/v1/bots/${id}` }]);
 * or call `assertRouteAuthorization(route, fixture)` from a single test.
 */
import { expect, test } from 'bun:test';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AuthzRoute {
  /** Names the tests: `<name>: …`. */
  readonly name: string;
  readonly method: HttpMethod;
  /** The route's path for a resource id (routes without one ignore it). */
  readonly path: (resourceId: string) => string;
  /** JSON body for writes; make it valid, so only authorization can refuse it. */
  readonly body?: unknown;
  /**
   * What user B gets when aimed at user A's resource:
   * - `not_found` (default): per-user resources — 404, exactly as for an id that does not exist;
   * - `own`: the route only shows the caller's own data — B succeeds and sees nothing of A's;
   * - `forbidden`: a role-gated route B's role does not open — 403.
   */
  readonly crossUser?: 'not_found' | 'own' | 'forbidden';
}

export interface AuthzUser {
  readonly userId: string;
  /** A valid bearer token of this user's session. */
  readonly token: string;
}

export interface AuthzFixture {
  readonly request: (path: string, init?: RequestInit) => Promise<Response>;
  /** User A: owns `resourceId`. */
  readonly owner: AuthzUser;
  /** User B: signed in, owns nothing of A's. */
  readonly other: AuthzUser;
  /** Id of a resource A owns (A's user id for routes about the account itself). */
  readonly resourceId: string;
  /** A bearer token whose session no longer counts (signed out, or expired). */
  readonly staleToken: string;
  /**
   * How a browser carries a user's session: the `cookie` header for a bearer token, and the origin
   * the API serves its own pages from. Every write route gets the cross-site group with it.
   */
  readonly browserSession: { readonly cookie: (token: string) => string; readonly trustedOrigin: string };
}

const garbageTokens = ['garbage', 'not.a-real-token', 'aGVsbG8.d29ybGQ=', `${'x'.repeat(32)}.${'y'.repeat(43)}=`];

function init(route: AuthzRoute, authorization: string | null): RequestInit {
  const headers: Record<string, string> = {};
  if (authorization !== null) headers.authorization = authorization;
  if (route.body !== undefined) headers['content-type'] = 'application/json';
  return { method: route.method, headers, ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }) };
}

async function errorCode(res: Response): Promise<string | undefined> {
  const text = await res.text();
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return `<not json: ${text.slice(0, 80)}>`;
  }
}

async function expectRefused(res: Response, status: number, code: string, what: string): Promise<void> {
  const got = await errorCode(res);
  expect({ what, status: res.status, code: got }).toEqual({ what, status, code });
}

export async function assertUnauthenticatedRefused(route: AuthzRoute, f: AuthzFixture): Promise<void> {
  const path = route.path(f.resourceId);
  await expectRefused(await f.request(path, init(route, null)), 401, 'unauthenticated', `${route.name} with no session`);
  for (const token of garbageTokens) {
    await expectRefused(await f.request(path, init(route, `Bearer ${token}`)), 401, 'unauthenticated', `${route.name} with garbage token ${token}`);
  }
  await expectRefused(await f.request(path, init(route, `Bearer ${f.staleToken}`)), 401, 'unauthenticated', `${route.name} with a stale token`);
}

export async function assertCrossUserRefused(route: AuthzRoute, f: AuthzFixture): Promise<void> {
  const res = await f.request(route.path(f.resourceId), init(route, `Bearer ${f.other.token}`));
  const mode = route.crossUser ?? 'not_found';
  if (mode === 'not_found') return expectRefused(res, 404, 'not_found', `${route.name} by another user`);
  if (mode === 'forbidden') return expectRefused(res, 403, 'forbidden', `${route.name} by a user without the role`);
  const text = await res.text();
  expect({ what: `${route.name} by another user`, status: res.status < 400 }).toEqual({ what: `${route.name} by another user`, status: true });
  expect(text).not.toContain(f.owner.userId);
  if (f.resourceId !== f.owner.userId) expect(text).not.toContain(f.resourceId);
}

const writeMethods: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A's own cookie, sent by a page that is not ours, or as a cross-site form would: refused before the route runs. */
export async function assertCrossSiteRefused(route: AuthzRoute, f: AuthzFixture): Promise<void> {
  const path = route.path(f.resourceId);
  const cookie = f.browserSession.cookie(f.owner.token);
  const body = JSON.stringify(route.body ?? {});
  const withOrigin = (origin: string | null, contentType: string): RequestInit => ({
    method: route.method,
    headers: { cookie, 'content-type': contentType, ...(origin === null ? {} : { origin }) },
    body,
  });
  for (const origin of ['https://evil.example', null, 'null']) {
    await expectRefused(await f.request(path, withOrigin(origin, 'application/json')), 403, 'origin_not_allowed', `${route.name} with A's cookie from origin ${origin}`);
  }
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
    await expectRefused(
      await f.request(path, withOrigin(f.browserSession.trustedOrigin, contentType)),
      415,
      'unsupported_media_type',
      `${route.name} with A's cookie from our page, body as ${contentType}`,
    );
  }
}

/** Every check for one route, in one go. */
export async function assertRouteAuthorization(route: AuthzRoute, f: AuthzFixture): Promise<void> {
  await assertUnauthenticatedRefused(route, f);
  await assertCrossUserRefused(route, f);
  if (writeMethods.has(route.method)) await assertCrossSiteRefused(route, f);
}

/** Registers the security group as `bun:test` tests: two per route, three per write route. `fixture` is read when the tests run. */
export function authorizationSuite(fixture: () => AuthzFixture, routes: readonly AuthzRoute[]): void {
  for (const route of routes) {
    test(`${route.name}: no session, a garbage token or a stale token is 401`, () => assertUnauthenticatedRefused(route, fixture()));
    const mode = route.crossUser ?? 'not_found';
    const sentence =
      mode === 'not_found'
        ? `${route.name}: another user gets 404 for this user's resource, not 403`
        : mode === 'forbidden'
          ? `${route.name}: a user without the role gets 403`
          : `${route.name}: another user sees only their own data`;
    test(sentence, () => assertCrossUserRefused(route, fixture()));
    if (writeMethods.has(route.method)) {
      test(`${route.name}: a cookie write from a foreign page, without an Origin, or as a form is refused`, () => assertCrossSiteRefused(route, fixture()));
    }
  }
}
