/**
 * What a stolen code or a stale session must not be able to do: a TOTP code is accepted once; a
 * password change signs out every other device; a role change and a bot delete need a fresh session.
 *
 * TOTP codes are computed on the wall clock (better-auth checks them on it); every test picks codes
 * of distinct time steps from one instant, so a step boundary passing mid-test changes no outcome.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
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
  makeOperator,
  password,
  queryRows,
  signIn,
  signUp,
  totpCode,
} from './accounts-helpers.ts';
import { createBot, getJson, send } from './bots-helpers.ts';

const windowMs = 300_000;
const newPassword = 'an entirely new passphrase 42';

/** The codes of the step after `at`'s and of `at`'s own step (both inside better-auth's ±1 window). */
function codes(secret: string, at: number) {
  return { next: totpCode(secret, at + 30_000), current: totpCode(secret, at) };
}

for (const engine of testEngines()) {
  describe(`a TOTP code is accepted once, on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine);
    });
    afterAll(() => h.dispose());

    const challenge = async (email: string) => cookiesFrom(await signIn(h, email));
    const answer = (cookie: string, code: string) => h.request('/api/auth/two-factor/verify-totp', json({ code }, browser(cookie)));

    test('the same code cannot answer a second sign-in challenge, and a code of an older step is refused after a newer one', async () => {
      const user = await signUp(h, 'totp-replay');
      const { secret } = await enrolMfa(h, user);
      const at = Date.now();
      const { next, current } = codes(secret, at);
      const first = await answer(await challenge(user.email), next);
      expect(first.status).toBe(200);
      const sessionsBefore = (await queryRows(h, `select id from sessions where user_id = '${user.userId}'`)).length;

      const replay = await answer(await challenge(user.email), next);
      expect(replay.status).toBe(401);
      expect(await errorOf(replay)).toMatchObject({ code: 'mfa_required', details: { reason: 'TOTP_CODE_REUSED' } });
      expect(replay.headers.get('set-auth-token')).toBeNull();
      expect(cookiesFrom(replay)).not.toContain('session_token=');
      expect((await queryRows(h, `select id from sessions where user_id = '${user.userId}'`)).length).toBe(sessionsBefore);

      // The enrolment code's step and this one are both spent now: an older code is refused too
      // (as reused, or — if a step boundary passed meanwhile — as outside the window).
      const older = await answer(await challenge(user.email), current);
      expect(older.status).toBe(401);
      expect(['TOTP_CODE_REUSED', 'INVALID_CODE']).toContain(String((await errorOf(older)).details?.reason));

      const failed = (await auditRows(h)).filter((r) => r.action === 'auth.mfa.challenge_failed' && r.actor_id === user.userId);
      expect(failed.map((r) => r.details.reason)).toContain('TOTP_CODE_REUSED');
    });

    test('two challenges racing with one code: exactly one signs in', async () => {
      const user = await signUp(h, 'totp-race');
      const { secret } = await enrolMfa(h, user);
      const { next } = codes(secret, Date.now());
      const [a, b] = await Promise.all([challenge(user.email), challenge(user.email)]);
      const results = await Promise.all([answer(a, next), answer(b, next)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    test('a code used to re-authenticate cannot be used again, there or at a step-up', async () => {
      const user = await signUp(h, 'totp-reauth');
      const { secret, token } = await enrolMfa(h, user);
      const { next } = codes(secret, Date.now());
      h.clock.advance(windowMs * 2);
      const reauth = (code: string) => h.request('/api/v1/session/reauthenticate', bearer(token, json({ password, code })));
      expect((await reauth(next)).status).toBe(200);
      h.clock.advance(windowMs * 2);
      const again = await reauth(next);
      expect(again.status).toBe(401);
      expect(await errorOf(again)).toMatchObject({ code: 'mfa_required', details: { reason: 'code_reused' } });
      const stepUp = await h.request('/api/auth/two-factor/verify-totp', bearer(token, json({ code: next })));
      expect(stepUp.status).toBe(401);
      expect((await errorOf(stepUp)).details?.reason).toBe('TOTP_CODE_REUSED');
      // Neither refusal refreshed the session.
      expect((await h.request('/api/v1/session/freshness', bearer(token))).status).toBe(401);
    });
  });

  describe(`a password change revokes the account's other sessions, on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine);
    });
    afterAll(() => h.dispose());

    const me = (token: string) => h.request('/api/v1/me', bearer(token));

    test('every other session is signed out; the caller gets a new, fresh session; the old password stops working', async () => {
      const user = await signUp(h, 'changer');
      const laptop = (await signIn(h, user.email)).headers.get('set-auth-token') ?? '';
      const phone = (await signIn(h, user.email)).headers.get('set-auth-token') ?? '';
      expect((await me(phone)).status).toBe(200);
      h.clock.advance(windowMs * 2);

      const res = await h.request('/api/auth/change-password', bearer(laptop, json({ currentPassword: password, newPassword })));
      expect(res.status).toBe(200);
      const renewed = res.headers.get('set-auth-token') ?? '';
      expect(renewed).not.toBe('');
      expect((await me(phone)).status).toBe(401);
      expect((await me(user.token)).status).toBe(401);
      expect((await me(laptop)).status).toBe(401);
      expect((await me(renewed)).status).toBe(200);
      expect((await h.request('/api/v1/session/freshness', bearer(renewed))).status).toBe(200);
      expect(await queryRows(h, `select id from sessions where user_id = '${user.userId}'`)).toHaveLength(1);

      expect((await signIn(h, user.email, password)).status).toBe(401);
      expect((await signIn(h, user.email, newPassword)).status).toBe(200);
      const audited = (await auditRows(h)).filter((r) => r.action === 'auth.password.changed' && r.actor_id === user.userId);
      expect(audited).toHaveLength(1);
      expect(JSON.stringify(audited)).not.toContain(newPassword);
    });

    test('a client cannot opt out with revokeOtherSessions: false', async () => {
      const user = await signUp(h, 'opt-out');
      const other = (await signIn(h, user.email)).headers.get('set-auth-token') ?? '';
      const res = await h.request('/api/auth/change-password', bearer(user.token, json({ currentPassword: password, newPassword, revokeOtherSessions: false })));
      expect(res.status).toBe(200);
      expect((await me(other)).status).toBe(401);
    });

    test('from a browser: the cookie session is replaced and the new cookie works', async () => {
      const user = await signUp(h, 'browser-change');
      const cookie = cookiesFrom(await signIn(h, user.email));
      const res = await h.request('/api/auth/change-password', json({ currentPassword: password, newPassword }, browser(cookie)));
      expect(res.status).toBe(200);
      expect((await h.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
      expect((await h.request('/api/v1/me', { headers: { cookie: cookiesFrom(res) } })).status).toBe(200);
    });

    test('a wrong current password changes nothing and revokes nothing', async () => {
      const user = await signUp(h, 'wrong-current');
      const other = (await signIn(h, user.email)).headers.get('set-auth-token') ?? '';
      const res = await h.request('/api/auth/change-password', bearer(user.token, json({ currentPassword: 'not the password', newPassword })));
      expect(res.status).toBe(401);
      expect((await me(other)).status).toBe(200);
      expect((await me(user.token)).status).toBe(200);
    });
  });

  describe(`sensitive actions need a fresh session, on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine);
    });
    afterAll(() => h.dispose());

    test('a role change on a stale operator session is 401 fresh_auth_required until the operator re-authenticates', async () => {
      const operator = await signUp(h, 'stale-operator');
      await makeOperator(h, operator.userId);
      const target = await signUp(h, 'promoted');
      h.clock.advance(windowMs + 1_000);
      const change = () => h.request(`/api/v1/operator/users/${target.userId}/role`, bearer(operator.token, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'compliance' }) }));
      const refused = await change();
      expect(refused.status).toBe(401);
      expect(await errorOf(refused)).toMatchObject({ code: 'fresh_auth_required', details: { needs: { password: true, mfaCode: false } } });
      expect((await getJson<{ role: string }>(h, target.token, '/api/v1/me')).role).toBe('user');
      expect((await h.request('/api/v1/session/reauthenticate', bearer(operator.token, json({ password })))).status).toBe(200);
      expect((await change()).status).toBe(200);
    });

    test('a non-operator is still 403 forbidden, fresh or not', async () => {
      const user = await signUp(h, 'not-operator');
      const res = await h.request(`/api/v1/operator/users/${user.userId}/role`, bearer(user.token, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'operator' }) }));
      expect(res.status).toBe(403);
    });

    test('a bot delete on a stale session is 401 fresh_auth_required and leaves the bot; fresh, it deletes', async () => {
      const owner = await signUp(h, 'stale-owner');
      const bot = await createBot(h, owner.token, { name: 'keep me' });
      h.clock.advance(windowMs + 1_000);
      const refused = await send(h, owner.token, 'DELETE', `/api/v1/bots/${bot.id}`);
      expect(refused.status).toBe(401);
      expect((await errorOf(refused)).code).toBe('fresh_auth_required');
      expect((await getJson<{ name: string }>(h, owner.token, `/api/v1/bots/${bot.id}`)).name).toBe('keep me');
      expect((await h.request('/api/v1/session/reauthenticate', bearer(owner.token, json({ password })))).status).toBe(200);
      expect((await send(h, owner.token, 'DELETE', `/api/v1/bots/${bot.id}`)).status).toBe(204);
    });
  });
}
