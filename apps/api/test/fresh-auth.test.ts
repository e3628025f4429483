import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { auditRows, bearer, browser, cookiesFrom, enrolMfa, errorOf, json, password, signIn, signUp, nextTotpCode, wrongTotpCode } from './accounts-helpers.ts';

const windowMs = 300_000;

for (const engine of testEngines()) {
  describe(`requireFreshAuth and re-authentication on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine);
    });
    afterAll(() => h.dispose());

    const freshness = (token: string) => h.request('/api/v1/session/freshness', bearer(token));
    const reauth = (token: string, body: unknown) => h.request('/api/v1/session/reauthenticate', bearer(token, json(body)));

    test('a session that just signed in is fresh', async () => {
      const user = await signUp(h, 'fresh');
      const res = await freshness(user.token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { fresh: boolean }).fresh).toBe(true);
    });

    test('a session older than the window is refused with fresh_auth_required naming the password', async () => {
      const user = await signUp(h, 'stale');
      h.clock.advance(windowMs + 1_000);
      const res = await freshness(user.token);
      expect(res.status).toBe(401);
      const error = await errorOf(res);
      expect(error.code).toBe('fresh_auth_required');
      expect(error.details).toMatchObject({ needs: { password: true, mfaCode: false }, windowSecs: 300 });
    });

    test('a session just inside the window is still fresh', async () => {
      const user = await signUp(h, 'edge');
      h.clock.advance(windowMs - 1_000);
      expect((await freshness(user.token)).status).toBe(200);
    });

    test('re-authenticating with the password restores freshness and is audited', async () => {
      const user = await signUp(h, 'again');
      h.clock.advance(windowMs * 2);
      expect((await freshness(user.token)).status).toBe(401);
      const res = await reauth(user.token, { password });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ fresh: true, mfaVerified: false });
      expect((await freshness(user.token)).status).toBe(200);
      const rows = (await auditRows(h)).filter((r) => r.actor_id === user.userId && r.action === 'auth.reauthenticated');
      expect(rows).toHaveLength(1);
      expect(rows[0]?.details).toEqual({ mfa: false });
    });

    test('re-authenticating with a wrong password is 401 invalid_credentials, audited, and leaves the session stale', async () => {
      const user = await signUp(h, 'wrong');
      h.clock.advance(windowMs * 2);
      const res = await reauth(user.token, { password: 'definitely-not-it' });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('invalid_credentials');
      expect((await freshness(user.token)).status).toBe(401);
      const rows = (await auditRows(h)).filter((r) => r.actor_id === user.userId && r.action === 'auth.reauthentication.failed');
      expect(rows.map((r) => r.details)).toEqual([{ reason: 'invalid_password' }]);
      expect(JSON.stringify(rows)).not.toContain('definitely-not-it');
    });

    test('with MFA enrolled, a stale session needs both the password and a code', async () => {
      const user = await signUp(h, 'mfa-stale');
      const { token } = await enrolMfa(h, user);
      h.clock.advance(windowMs * 2);
      const res = await freshness(token);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).details).toMatchObject({ needs: { password: true, mfaCode: true } });
    });

    test('with MFA enrolled, re-authentication without a code is 401 mfa_required and does not refresh', async () => {
      const user = await signUp(h, 'mfa-nocode');
      const { token } = await enrolMfa(h, user);
      h.clock.advance(windowMs * 2);
      const res = await reauth(token, { password });
      expect(res.status).toBe(401);
      const error = await errorOf(res);
      expect(error.code).toBe('mfa_required');
      expect(error.details).toEqual({ reason: 'code_missing' });
      expect((await freshness(token)).status).toBe(401);
    });

    test('with MFA enrolled, a wrong code is 401 mfa_required and audited as a failed challenge', async () => {
      const user = await signUp(h, 'mfa-badcode');
      const { token, secret } = await enrolMfa(h, user);
      h.clock.advance(windowMs * 2);
      const res = await reauth(token, { password, code: wrongTotpCode(secret) });
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toMatchObject({ code: 'mfa_required', details: { reason: 'code_invalid' } });
      const rows = (await auditRows(h)).filter((r) => r.actor_id === user.userId && r.action === 'auth.mfa.challenge_failed');
      expect(rows).toHaveLength(1);
    });

    test('with MFA enrolled, the password and a valid code restore freshness', async () => {
      const user = await signUp(h, 'mfa-ok');
      const { token, secret } = await enrolMfa(h, user);
      h.clock.advance(windowMs * 2);
      const res = await reauth(token, { password, code: nextTotpCode(secret) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ fresh: true, mfaVerified: true });
      expect((await freshness(token)).status).toBe(200);
    });

    test('a session of an enrolled user that never passed MFA is refused until a code is given', async () => {
      const user = await signUp(h, 'mfa-never');
      const { token } = await enrolMfa(h, user);
      await h.database.handle.db.execute(`update sessions set mfa_verified_at = null where user_id = '${user.userId}'` as never);
      const res = await freshness(token);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).details).toMatchObject({ needs: { password: false, mfaCode: true } });
    });

    test('a TOTP step-up on the session itself (verify-totp) restores the MFA part of freshness', async () => {
      const user = await signUp(h, 'mfa-step-up');
      const { token, secret } = await enrolMfa(h, user);
      await h.database.handle.db.execute(`update sessions set mfa_verified_at = null where user_id = '${user.userId}'` as never);
      expect((await freshness(token)).status).toBe(401);
      const stepUp = await h.request('/api/auth/two-factor/verify-totp', bearer(token, json({ code: nextTotpCode(secret) })));
      expect(stepUp.status).toBe(200);
      expect((await freshness(token)).status).toBe(200);
    });

    test('a session born from the sign-in TOTP challenge is fresh, and goes stale with time', async () => {
      const user = await signUp(h, 'mfa-signin');
      const { secret } = await enrolMfa(h, user);
      const challenge = cookiesFrom(await signIn(h, user.email));
      const verified = await h.request('/api/auth/two-factor/verify-totp', json({ code: nextTotpCode(secret) }, browser(challenge)));
      const token = verified.headers.get('set-auth-token') ?? '';
      expect((await freshness(token)).status).toBe(200);
      h.clock.advance(windowMs + 1_000);
      expect((await freshness(token)).status).toBe(401);
    });

    test('re-authentication needs a session: 401 unauthenticated without one', async () => {
      const res = await h.request('/api/v1/session/reauthenticate', json({ password }));
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('unauthenticated');
    });

    test('malformed JSON on re-authentication is 400 malformed_json', async () => {
      const user = await signUp(h, 'malformed');
      const res = await h.request('/api/v1/session/reauthenticate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
        body: '{"password": ',
      });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('malformed_json');
    });

    test('an invalid body on re-authentication is 422 validation_failed with field paths', async () => {
      const user = await signUp(h, 'invalid');
      const res = await reauth(user.token, { password: 42, code: 'abc' });
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      const paths = (error.details?.issues as { path: string }[]).map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['password', 'code']));
    });
  });
}
