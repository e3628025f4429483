/**
 * Cross-site request forgery: a page on another site can make the victim's browser post a form (any
 * of the three "simple" encodings) or a bodiless `no-cors` fetch, with the victim's cookies attached.
 * Such a request must not create, pause, resume or delete a bot. Bearer clients, which a foreign page
 * cannot imitate, keep working without an Origin.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, cookiesFrom, errorOf, signIn, signUp, trustedOrigin, type SignedIn } from './accounts-helpers.ts';
import { botBody, createBot, getJson } from './bots-helpers.ts';

const appOrigin = 'https://app.polymancer.test';

for (const engine of testEngines()) {
  describe(`cross-site writes on ${engine}`, () => {
    let h: ApiHarness;
    let user: SignedIn;
    let cookie: string;
    beforeAll(async () => {
      h = await createApiHarness(engine, { CORS_ORIGINS: appOrigin });
      user = await signUp(h, 'csrf-victim');
      cookie = cookiesFrom(await signIn(h, user.email));
    });
    afterAll(() => h.dispose());

    const botCount = async () => (await getJson<{ items: unknown[] }>(h, user.token, '/api/v1/bots')).items.length;
    const cookieWrite = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      h.request(path, { method, headers: { cookie, ...headers }, ...(body === undefined ? {} : { body }) });
    const jsonBody = JSON.stringify(botBody({ name: 'planted' }));

    async function expectRefused(res: Response, status: number, code: string) {
      expect(res.status).toBe(status);
      const error = await errorOf(res);
      expect(error.code).toBe(code);
      expect(error.requestId).toMatch(/^req_/);
    }

    test('a cookie-authenticated create from a foreign origin, no origin or Origin: null is refused 403 origin_not_allowed', async () => {
      const before = await botCount();
      const ct = { 'content-type': 'application/json' };
      await expectRefused(await cookieWrite('POST', '/api/v1/bots', { ...ct, origin: 'https://evil.example' }, jsonBody), 403, 'origin_not_allowed');
      await expectRefused(await cookieWrite('POST', '/api/v1/bots', ct, jsonBody), 403, 'origin_not_allowed');
      await expectRefused(await cookieWrite('POST', '/api/v1/bots', { ...ct, origin: 'null' }, jsonBody), 403, 'origin_not_allowed');
      expect(await botCount()).toBe(before);
    });

    test('look-alike origins are refused: another port, a suffix, a path, two origins in one header', async () => {
      const ct = { 'content-type': 'application/json' };
      for (const origin of ['http://localhost:8081', 'http://localhost:8080.evil.example', 'http://localhost', `${trustedOrigin}/`, `${trustedOrigin}, https://evil.example`, 'https://app.polymancer.test.evil.example']) {
        await expectRefused(await cookieWrite('POST', '/api/v1/bots', { ...ct, origin }, jsonBody), 403, 'origin_not_allowed');
      }
    });

    test('a cross-site form cannot create a bot with JSON hidden in a text/plain, urlencoded or multipart body', async () => {
      const before = await botCount();
      for (const contentType of [
        'text/plain',
        'text/plain;charset=UTF-8',
        'text/plain; application/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json-seq',
        'application/jsonx',
      ]) {
        // Even from our own origin: a body that does not declare JSON is not read as JSON.
        await expectRefused(await cookieWrite('POST', '/api/v1/bots', { 'content-type': contentType, origin: trustedOrigin }, jsonBody), 415, 'unsupported_media_type');
      }
      const noType = await h.request('/api/v1/bots', { method: 'POST', headers: { cookie, origin: trustedOrigin }, body: new Blob([jsonBody]) });
      await expectRefused(noType, 415, 'unsupported_media_type');
      expect(await botCount()).toBe(before);
    });

    test('a foreign page cannot pause, resume or delete a bot with the victim’s cookie', async () => {
      const bot = await createBot(h, user.token, { name: 'target' });
      for (const [method, path] of [
        ['POST', `/api/v1/bots/${bot.id}/resume`],
        ['POST', `/api/v1/bots/${bot.id}/pause`],
        ['PATCH', `/api/v1/bots/${bot.id}`],
        ['DELETE', `/api/v1/bots/${bot.id}`],
      ] as const) {
        await expectRefused(await cookieWrite(method, path, { origin: 'https://evil.example' }), 403, 'origin_not_allowed');
        await expectRefused(await cookieWrite(method, path, { 'content-type': 'text/plain', origin: 'https://evil.example' }, '{}'), 403, 'origin_not_allowed');
      }
      expect((await getJson<{ status: string }>(h, user.token, `/api/v1/bots/${bot.id}`)).status).toBe('paused');
    });

    test('our own pages still write with the cookie: PUBLIC_URL and CORS_ORIGINS, JSON with or without a charset', async () => {
      const created = await cookieWrite('POST', '/api/v1/bots', { 'content-type': 'application/json; charset=utf-8', origin: trustedOrigin }, jsonBody);
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await cookieWrite('POST', `/api/v1/bots/${id}/resume`, { origin: appOrigin })).status).toBe(200);
      expect((await cookieWrite('POST', `/api/v1/bots/${id}/pause`, { origin: 'HTTPS://APP.polymancer.test' })).status).toBe(200);
      const upper = await cookieWrite('PATCH', `/api/v1/bots/${id}`, { 'content-type': 'Application/JSON', origin: appOrigin }, JSON.stringify({ name: 'renamed' }));
      expect(upper.status).toBe(200);
    });

    test('bearer clients write without an Origin, and their cookie jar is ignored', async () => {
      const created = await h.request('/api/v1/bots', bearer(user.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: jsonBody }));
      expect(created.status).toBe(201);
      const withJar = await h.request('/api/v1/bots', bearer(user.token, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: jsonBody }));
      expect(withJar.status).toBe(201);
      // Lower-case scheme, extra spaces: still a bearer token.
      const oddCase = await h.request('/api/v1/bots', { method: 'POST', headers: { authorization: `bearer   ${user.token}`, 'content-type': 'application/json' }, body: jsonBody });
      expect(oddCase.status).toBe(201);
    });

    test('a refused bearer token does not fall back to the cookie it travels with', async () => {
      const res = await h.request('/api/v1/bots', { method: 'POST', headers: { authorization: 'Bearer not-a-token', cookie, 'content-type': 'application/json' }, body: jsonBody });
      await expectRefused(res, 401, 'unauthenticated');
    });

    test('Basic credentials a browser replays on its own do not exempt a cookie write from the origin check', async () => {
      const res = await cookieWrite('POST', '/api/v1/bots', { authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json', origin: 'https://evil.example' }, jsonBody);
      await expectRefused(res, 403, 'origin_not_allowed');
    });

    test('bearer writes must be JSON too', async () => {
      const res = await h.request('/api/v1/bots', bearer(user.token, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: jsonBody }));
      await expectRefused(res, 415, 'unsupported_media_type');
    });

    test('better-auth’s own routes get the same check: a cookie sign-out from a foreign page is refused', async () => {
      const res = await cookieWrite('POST', '/api/auth/sign-out', { 'content-type': 'application/json', origin: 'https://evil.example' }, '{}');
      await expectRefused(res, 403, 'origin_not_allowed');
      const form = await cookieWrite('POST', '/api/auth/sign-out', { 'content-type': 'application/x-www-form-urlencoded', origin: trustedOrigin }, 'a=b');
      await expectRefused(form, 415, 'unsupported_media_type');
      expect((await h.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);
    });

    test('reads with a cookie need no Origin', async () => {
      expect((await h.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);
    });
  });
}
