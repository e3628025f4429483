import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createDemoUser } from '@polymancer/accounts';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import {
  auditRows,
  bearer,
  browser,
  cookiesFrom,
  enrolMfa,
  errorOf,
  json,
  password,
  signIn,
  signUp,
  nextTotpCode,
  uniqueEmail,
  wrongTotpCode,
} from './accounts-helpers.ts';

for (const engine of testEngines()) {
  describe(`accounts on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine);
    });
    afterAll(() => h.dispose());

    describe('sign-up and sign-in', () => {
      test('sign-up creates a user with a prefixed id, default tier and role, and is audited', async () => {
        const user = await signUp(h, 'newcomer');
        expect(user.userId).toMatch(/^usr_[0-9a-z]{20}$/);
        const me = await h.request('/api/v1/me', bearer(user.token));
        expect(me.status).toBe(200);
        expect(await me.json()).toEqual({
          id: user.userId,
          email: user.email,
          name: 'newcomer',
          tier: 'free',
          role: 'user',
          kycStatus: 'unverified',
          tradingFrozen: false,
          twoFactorEnabled: false,
        });
        const rows = await auditRows(h);
        expect(rows.some((r) => r.action === 'auth.sign_up' && r.actor_id === user.userId)).toBe(true);
      });

      test('sign-up cannot set role, tier, KYC status or the trading freeze', async () => {
        const user = await signUp(h, 'sneaky', { role: 'operator', tier: 'pro', kycStatus: 'verified', tradingFrozen: true });
        const me = (await (await h.request('/api/v1/me', bearer(user.token))).json()) as Record<string, unknown>;
        expect(me).toMatchObject({ role: 'user', tier: 'free', kycStatus: 'unverified', tradingFrozen: false });
      });

      test('sign-up with an email already taken is refused in the error shape', async () => {
        const user = await signUp(h, 'taken');
        const again = await h.request('/api/auth/sign-up/email', json({ email: user.email, password, name: 'again' }));
        expect(again.status).toBeGreaterThanOrEqual(400);
        expect(again.status).toBeLessThan(500);
        const error = await errorOf(again);
        expect(error.requestId).toMatch(/^req_/);
      });

      test('a too-short password is refused at sign-up', async () => {
        const res = await h.request('/api/auth/sign-up/email', json({ email: uniqueEmail('short'), password: 'short', name: 'x' }));
        expect(res.status).toBe(400);
        expect((await errorOf(res)).details?.reason).toBe('PASSWORD_TOO_SHORT');
      });

      test('sign-in returns a bearer token and a session cookie, and is audited', async () => {
        const user = await signUp(h, 'returning');
        const res = await signIn(h, user.email);
        expect(res.status).toBe(200);
        expect(res.headers.get('set-auth-token')).toMatch(/\./);
        expect(cookiesFrom(res)).toContain('polymancer.session_token=');
        const rows = await auditRows(h);
        expect(rows.some((r) => r.action === 'auth.sign_in.succeeded' && r.actor_id === user.userId && r.details.mfa === false)).toBe(true);
      });

      test('the bearer token (mobile app) reaches the API', async () => {
        const user = await signUp(h, 'mobile');
        const token = (await signIn(h, user.email)).headers.get('set-auth-token') ?? '';
        const me = await h.request('/api/v1/me', bearer(token));
        expect(me.status).toBe(200);
        expect(((await me.json()) as { id: string }).id).toBe(user.userId);
      });

      test('the session cookie (browser) reaches the API', async () => {
        const user = await signUp(h, 'browser');
        const cookie = cookiesFrom(await signIn(h, user.email));
        const me = await h.request('/api/v1/me', { headers: { cookie } });
        expect(me.status).toBe(200);
        expect(((await me.json()) as { id: string }).id).toBe(user.userId);
      });

      test('a cookie-authenticated write from a foreign origin is refused', async () => {
        const user = await signUp(h, 'csrf');
        const cookie = cookiesFrom(await signIn(h, user.email));
        const res = await h.request('/api/auth/sign-out', json({}, { cookie, origin: 'https://evil.example' }));
        expect(res.status).toBe(403);
        expect((await errorOf(res)).code).toBe('origin_not_allowed');
        const noOrigin = await h.request('/api/auth/sign-out', json({}, { cookie }));
        expect(noOrigin.status).toBe(403);
        const me = await h.request('/api/v1/me', { headers: { cookie } });
        expect(me.status).toBe(200);
        const fromOurPage = await h.request('/api/auth/sign-out', json({}, browser(cookie)));
        expect(fromOurPage.status).toBe(200);
        expect((await h.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
      });

      test('a wrong password is 401 invalid_credentials and audited without the password', async () => {
        const user = await signUp(h, 'forgetful');
        const res = await signIn(h, user.email, 'not-the-password-at-all');
        expect(res.status).toBe(401);
        const error = await errorOf(res);
        expect(error.code).toBe('invalid_credentials');
        const failed = (await auditRows(h)).filter((r) => r.action === 'auth.sign_in.failed' && r.subject_id === user.userId);
        expect(failed[0]?.actor_id).toBeNull();
        expect(failed).toHaveLength(1);
        expect(failed[0]?.details).toEqual({ email: user.email, reason: 'INVALID_EMAIL_OR_PASSWORD' });
        expect(JSON.stringify(failed)).not.toContain('not-the-password-at-all');
      });

      test('an unknown email is refused exactly like a wrong password', async () => {
        const res = await signIn(h, uniqueEmail('nobody'));
        expect(res.status).toBe(401);
        expect((await errorOf(res)).code).toBe('invalid_credentials');
      });

      test('malformed JSON and invalid bodies on auth routes get the API error shape (400 / 422 with field paths)', async () => {
        const malformed = await h.request('/api/auth/sign-in/email', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
        expect(malformed.status).toBe(400);
        expect((await errorOf(malformed)).code).toBe('malformed_json');
        const invalid = await h.request('/api/auth/sign-in/email', json({ email: 42 }));
        expect(invalid.status).toBe(422);
        const error = await errorOf(invalid);
        expect(error.code).toBe('validation_failed');
        expect((error.details?.issues as { path: string }[]).map((i) => i.path)).toEqual(expect.arrayContaining(['email', 'password']));
      });

      test('signing out with an empty body works', async () => {
        const user = await signUp(h, 'empty-body');
        const res = await h.request('/api/auth/sign-out', { method: 'POST', headers: { authorization: `Bearer ${user.token}` } });
        expect(res.status).toBe(200);
        expect((await h.request('/api/v1/me', bearer(user.token))).status).toBe(401);
      });

      test('signing out makes the token stale: 401 unauthenticated', async () => {
        const user = await signUp(h, 'leaving');
        const out = await h.request('/api/auth/sign-out', bearer(user.token, json({})));
        expect(out.status).toBe(200);
        const me = await h.request('/api/v1/me', bearer(user.token));
        expect(me.status).toBe(401);
        expect((await errorOf(me)).code).toBe('unauthenticated');
      });

      test('an expired session is 401 unauthenticated', async () => {
        const user = await signUp(h, 'expired');
        await h.database.handle.db.execute(`update sessions set expires_at = now() - interval '1 minute' where user_id = '${user.userId}'` as never);
        const me = await h.request('/api/v1/me', bearer(user.token));
        expect(me.status).toBe(401);
        expect((await errorOf(me)).code).toBe('unauthenticated');
      });
    });

    describe('MFA (TOTP)', () => {
      test('enrolment returns a TOTP URI; verifying a code turns MFA on and is audited', async () => {
        const user = await signUp(h, 'enrol');
        const { totpURI, token } = await enrolMfa(h, user);
        expect(totpURI).toStartWith('otpauth://totp/Polymancer:');
        const me = (await (await h.request('/api/v1/me', bearer(token))).json()) as { twoFactorEnabled: boolean };
        expect(me.twoFactorEnabled).toBe(true);
        const actions = (await auditRows(h)).filter((r) => r.actor_id === user.userId).map((r) => r.action);
        expect(actions).toContain('auth.mfa.enabled');
      });

      test('MFA stays off until the first code is verified', async () => {
        const user = await signUp(h, 'halfway');
        const enable = await h.request('/api/auth/two-factor/enable', bearer(user.token, json({ password })));
        expect(enable.status).toBe(200);
        const me = (await (await h.request('/api/v1/me', bearer(user.token))).json()) as { twoFactorEnabled: boolean };
        expect(me.twoFactorEnabled).toBe(false);
        const res = await signIn(h, user.email);
        expect(res.headers.get('set-auth-token')).not.toBeNull();
      });

      test('sign-in of an enrolled user yields a TOTP challenge and no session', async () => {
        const user = await signUp(h, 'challenged');
        await enrolMfa(h, user);
        const res = await signIn(h, user.email);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
        expect(res.headers.get('set-auth-token')).toBeNull();
        expect(cookiesFrom(res)).not.toContain('session_token');
        expect(cookiesFrom(res)).toContain('polymancer.two_factor=');
      });

      test('a wrong code at the challenge is 401 and audited; the right code signs in', async () => {
        const user = await signUp(h, 'twostep');
        const { secret } = await enrolMfa(h, user);
        const challenge = cookiesFrom(await signIn(h, user.email));

        const wrong = await h.request('/api/auth/two-factor/verify-totp', json({ code: wrongTotpCode(secret) }, browser(challenge)));
        expect(wrong.status).toBe(401);
        expect((await errorOf(wrong)).code).toBe('mfa_required');

        const right = await h.request('/api/auth/two-factor/verify-totp', json({ code: nextTotpCode(secret) }, browser(challenge)));
        expect(right.status).toBe(200);
        const token = right.headers.get('set-auth-token') ?? '';
        const me = await h.request('/api/v1/me', bearer(token));
        expect(me.status).toBe(200);

        const mine = (await auditRows(h)).filter((r) => r.actor_id === user.userId).map((r) => r.action);
        expect(mine).toEqual(
          expect.arrayContaining(['auth.sign_in.mfa_challenged', 'auth.mfa.challenge_failed', 'auth.mfa.challenge_passed', 'auth.sign_in.succeeded']),
        );
        // The session born from the challenge has passed MFA, so it is fresh for sensitive actions.
        expect((await h.request('/api/v1/session/freshness', bearer(token))).status).toBe(200);
      });

      test('the challenge cannot be answered without the challenge cookie', async () => {
        const res = await h.request('/api/auth/two-factor/verify-totp', json({ code: '123456' }));
        expect(res.status).toBe(401);
        expect((await errorOf(res)).code).toBe('unauthenticated');
      });

      test('disabling MFA needs the password and is audited', async () => {
        const user = await signUp(h, 'optout');
        const { token } = await enrolMfa(h, user);
        const refused = await h.request('/api/auth/two-factor/disable', bearer(token, json({ password: 'not-my-password-123' })));
        expect(refused.status).toBe(401);
        const res = await h.request('/api/auth/two-factor/disable', bearer(token, json({ password })));
        expect(res.status).toBe(200);
        const next = res.headers.get('set-auth-token') ?? token;
        const me = (await (await h.request('/api/v1/me', bearer(next))).json()) as { twoFactorEnabled: boolean };
        expect(me.twoFactorEnabled).toBe(false);
        const mine = (await auditRows(h)).filter((r) => r.actor_id === user.userId).map((r) => r.action);
        expect(mine).toContain('auth.mfa.disabled');
      });
    });

    test('no password, TOTP secret, code, backup code or session token ever reaches the audit log', async () => {
      const user = await signUp(h, 'secrets');
      const enrolled = await enrolMfa(h, user);
      const challenge = cookiesFrom(await signIn(h, user.email));
      const code = nextTotpCode(enrolled.secret);
      const signedIn = await h.request('/api/auth/two-factor/verify-totp', json({ code }, browser(challenge)));
      const token = signedIn.headers.get('set-auth-token') ?? '';
      await h.request('/api/v1/session/reauthenticate', bearer(token, json({ password, code })));
      await signIn(h, user.email, 'wrong-password-xyz');

      const everything = JSON.stringify(
        (await h.database.handle.db.execute('select * from audit_events' as never)) as unknown,
      );
      const secrets = [password, 'wrong-password-xyz', enrolled.secret, enrolled.totpURI, code, ...enrolled.backupCodes, user.token, enrolled.token, token];
      for (const s of secrets) expect(everything).not.toContain(s.split('.')[0] ?? s);
    });

    test('the demo account is created once; a second call returns null', async () => {
      const email = uniqueEmail('demo');
      const first = await createDemoUser(h.deps.auth, { email, password, name: 'Demo' });
      expect(first?.userId).toMatch(/^usr_/);
      expect(await createDemoUser(h.deps.auth, { email, password, name: 'Demo' })).toBeNull();
      expect((await signIn(h, email)).status).toBe(200);
    });

    test('the OpenAPI document lists the account routes with their schemas, not better-auth internals', async () => {
      const doc = (await (await h.request('/openapi/json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/me',
          '/api/v1/session/freshness',
          '/api/v1/session/reauthenticate',
          '/api/v1/operator/users/{id}/role',
          '/api/auth/sign-up/email',
          '/api/auth/sign-in/email',
          '/api/auth/two-factor/enable',
          '/api/auth/two-factor/verify-totp',
        ]),
      );
      expect(doc.paths['/api/v1/session/reauthenticate']?.post?.requestBody).toBeDefined();
      expect(doc.paths['/api/auth/sign-in/email']?.post?.requestBody).toBeDefined();
      expect(Object.keys(doc.paths).some((p) => p.includes('*'))).toBe(false);
    });

    test('the audit chain still verifies after all of the above', async () => {
      const verdict = await h.deps.audit.verify();
      expect(verdict.ok).toBe(true);
    });
  });
}
