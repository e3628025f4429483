/**
 * Session tokens at rest: the `sessions` table holds only digests, so someone who reads it (a
 * backup, a replica, an injection) cannot sign in — not with the value as a bearer token, and not
 * even by signing it into a cookie with the auth secret. Cookie and bearer sessions keep working.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { serializeSignedCookie } from 'better-call';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, browser, cookiesFrom, enrolMfa, json, queryRows, rawSessionToken, signIn, signUp, totpCode } from './accounts-helpers.ts';

const secret = 'test-secret-test-secret-test-secret-0123';

async function signedCookie(token: string): Promise<string> {
  const serialized = await serializeSignedCookie('polymancer.session_token', token, secret);
  return serialized.split(';')[0] ?? '';
}

for (const engine of testEngines()) {
  describe(`session tokens at rest on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine, { AUTH_SECRET: secret });
    });
    afterAll(() => h.dispose());

    const storedTokens = (userId: string) => queryRows<{ token: string }>(h, `select token from sessions where user_id = '${userId}'`);
    const me = (init: RequestInit) => h.request('/api/v1/me', init);

    test('the sessions table holds a SHA-256 digest, never the token the client holds', async () => {
      const user = await signUp(h, 'at-rest');
      const raw = rawSessionToken(user.token);
      const stored = await storedTokens(user.userId);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.token).toMatch(/^[0-9a-f]{64}$/);
      expect(stored[0]?.token).toBe(new Bun.CryptoHasher('sha256').update(raw).digest('hex'));
      const everything = JSON.stringify(await queryRows(h, `select * from sessions where user_id = '${user.userId}'`));
      expect(everything).not.toContain(raw);
    });

    test('a value read from the sessions table does not sign in: not as a bearer token, not as a cookie signed with the secret', async () => {
      const user = await signUp(h, 'db-reader');
      const [row] = await storedTokens(user.userId);
      const stolen = row?.token ?? '';
      expect((await me(bearer(stolen))).status).toBe(401);
      expect((await me({ headers: { cookie: await signedCookie(stolen) } })).status).toBe(401);
      expect(await (await h.request('/api/auth/get-session', bearer(stolen))).json()).toBeNull();
    });

    test('the client’s own token works as a bearer (signed or bare) and as a cookie', async () => {
      const user = await signUp(h, 'still-works');
      expect((await me(bearer(user.token))).status).toBe(200);
      expect((await me(bearer(rawSessionToken(user.token)))).status).toBe(200);
      const cookie = cookiesFrom(await signIn(h, user.email));
      expect((await me({ headers: { cookie } })).status).toBe(200);
    });

    test('sign-out deletes the session by its digest', async () => {
      const user = await signUp(h, 'leaving');
      expect(await storedTokens(user.userId)).toHaveLength(1);
      expect((await h.request('/api/auth/sign-out', bearer(user.token, json({})))).status).toBe(200);
      expect(await storedTokens(user.userId)).toHaveLength(0);
      expect((await me(bearer(user.token))).status).toBe(401);
    });

    test('sessions replaced by MFA enrolment and born from the TOTP challenge are stored as digests too', async () => {
      const user = await signUp(h, 'mfa-digest');
      const { secret: totpSecret, token } = await enrolMfa(h, user);
      expect((await me(bearer(token))).status).toBe(200);
      const challenge = cookiesFrom(await signIn(h, user.email));
      const verified = await h.request('/api/auth/two-factor/verify-totp', json({ code: totpCode(totpSecret, Date.now() + 30_000) }, browser(challenge)));
      expect(verified.status).toBe(200);
      const fromChallenge = verified.headers.get('set-auth-token') ?? '';
      expect((await me(bearer(fromChallenge))).status).toBe(200);
      for (const row of await storedTokens(user.userId)) expect(row.token).toMatch(/^[0-9a-f]{64}$/);
      const raws = [token, fromChallenge].map(rawSessionToken);
      const stored = (await storedTokens(user.userId)).map((r) => r.token);
      for (const raw of raws) expect(stored).not.toContain(raw);
    });

    test('better-auth routes that name sessions by token are not served (they would list digests or revoke nothing)', async () => {
      const user = await signUp(h, 'lister');
      for (const path of ['/api/auth/list-sessions', '/api/auth/list-sessions/']) {
        expect((await h.request(path, bearer(user.token))).status).toBe(404);
      }
      for (const path of ['/api/auth/revoke-session', '/api/auth/revoke-other-sessions', '/api/auth/revoke-other-sessions/', '/api/auth//revoke-other-sessions']) {
        const res = await h.request(path, bearer(user.token, json({ token: 'x' })));
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
    });

    test('revoking every session of the account (by user, not by token) still works', async () => {
      const user = await signUp(h, 'revoke-all');
      const second = (await signIn(h, user.email)).headers.get('set-auth-token') ?? '';
      const res = await h.request('/api/auth/revoke-sessions', bearer(user.token, json({})));
      expect(res.status).toBe(200);
      expect((await me(bearer(user.token))).status).toBe(401);
      expect((await me(bearer(second))).status).toBe(401);
      expect(await storedTokens(user.userId)).toHaveLength(0);
    });
  });
}
