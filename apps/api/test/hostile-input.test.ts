/**
 * Input that used to answer 500 (issue 15, found by a fuzzer and by hand) answers a 4xx with the
 * error shape: NUL bytes in path ids, names and emails; lone UTF-16 surrogates in strings; dates
 * outside the representable range; crafted cursors. The general rules live at the boundary
 * (`src/http/text-hygiene.ts`, the strict `date-time` format, the page cursor codec).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, json, signUp, type SignedIn } from './accounts-helpers.ts';
import { botBody, createBot } from './bots-helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

async function expect4xx(res: Response, what: string): Promise<string> {
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  expect({ what, clientError: res.status >= 400 && res.status < 500, shaped: typeof code === 'string', status: res.status, text: res.status >= 500 || code === undefined ? text.slice(0, 200) : '' }).toEqual({
    what,
    clientError: true,
    shaped: true,
    status: res.status,
    text: '',
  });
  return code!;
}

for (const engine of testEngines()) {
  describe(`hostile input on ${engine}`, () => {
    let h: ApiHarness;
    let a: SignedIn;
    let botId: string;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      a = await signUp(h, 'hostile');
      botId = (await createBot(h, a.token)).id;
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    test('a NUL byte in a path id is a 4xx, on every kind of route', async () => {
      for (const path of [`/api/v1/bots/bot_%00x`, `/api/v1/bots/%00/trades`, `/api/v1/notifications/%00/read`]) {
        const method = path.endsWith('/read') ? 'POST' : 'GET';
        const init = method === 'POST' ? bearer(a.token, json({})) : bearer(a.token);
        await expect4xx(await h.request(path, init), `${method} ${path}`);
      }
      await expect4xx(await h.request(`/api/v1/bots/bot_%00x`, bearer(a.token, { method: 'DELETE' })), 'DELETE with NUL id');
    });

    test('a NUL byte or a lone surrogate in a bot name is a 422 naming the field', async () => {
      for (const name of ['bad\u0000name', 'lone \ud800 high', 'lone \udc00 low']) {
        const res = await h.request('/api/v1/bots', bearer(a.token, json(botBody({ name }))));
        expect(await expect4xx(res, `name ${JSON.stringify(name)}`)).toBe('validation_failed');
      }
      const patched = await h.request(`/api/v1/bots/${botId}`, bearer(a.token, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x\u0000' }) }));
      await expect4xx(patched, 'PATCH name with NUL');
    });

    test('a deeply nested JSON body is a 422 before any validator recurses into it, signed in or not', async () => {
      const nested = (depth: number, leaf: string) => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
      const raw = (path: string, body: string, token?: string) =>
        h.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }, body });
      for (const depth of [10_000, 60_000]) {
        for (const leaf of ['1', '"\\u0041"']) {
          const body = (field: string) => `{"${field}":${nested(depth, leaf)}}`;
          for (const [path, field, token] of [
            ['/api/auth/sign-up/email', 'password', undefined],
            ['/api/auth/sign-in/email', 'password', undefined],
            ['/api/v1/session/reauthenticate', 'password', a.token],
            ['/api/v1/unlock/quiz/attempts', 'answers', a.token],
            ['/api/v1/bots', 'markets', a.token],
          ] as const) {
            expect(await expect4xx(await raw(path, body(field), token), `${path} nested ${depth} deep (${leaf})`)).toBe('validation_failed');
          }
        }
      }
      // Nesting inside a string is text, not depth; a body of ordinary depth is judged by its route as before.
      const brackets = await h.request('/api/v1/bots', bearer(a.token, json(botBody({ name: `${'['.repeat(40)}x` }))));
      expect(brackets.status).toBe(201);
    });

    test('a NUL byte in a sign-up or sign-in email or name is a 4xx', async () => {
      await expect4xx(await h.request('/api/auth/sign-up/email', json({ email: 'nul\u0000@example.com', password: 'correct horse battery staple', name: 'n' })), 'sign-up email');
      await expect4xx(await h.request('/api/auth/sign-up/email', json({ email: 'ok-nul-name@example.com', password: 'correct horse battery staple', name: 'n\u0000' })), 'sign-up name');
      await expect4xx(await h.request('/api/auth/sign-in/email', json({ email: 'nul\u0000@example.com', password: 'whatever whatever' })), 'sign-in email');
    });

    test('dates outside the representable range are a 422, in every time filter', async () => {
      for (const from of ['-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', 'Tue Dec 01 2026 10:00:00 GMT+0000 (UTC)']) {
        const q = `from=${encodeURIComponent(from)}`;
        expect(await expect4xx(await h.request(`/api/v1/trades?${q}`, bearer(a.token)), `trades ${from}`)).toBe('validation_failed');
        expect(await expect4xx(await h.request(`/api/v1/bots/${botId}/trades?${q}`, bearer(a.token)), `bot trades ${from}`)).toBe('validation_failed');
        expect(await expect4xx(await h.request(`/api/v1/bots/${botId}/pnl/series?${q}`, bearer(a.token)), `pnl series ${from}`)).toBe('validation_failed');
      }
      const ok = await h.request(`/api/v1/trades?from=${encodeURIComponent('2026-01-01T00:00:00.000Z')}&to=${encodeURIComponent('2026-01-02T00:00:00+02:00')}`, bearer(a.token));
      expect(ok.status).toBe(200);
    });

    test('crafted cursors are a 422, never a 500', async () => {
      const cursors = [b64('9007199254740991|x'), b64('-9007199254740991|x'), b64('1|trd_\u0000'), b64('1|\ud800'), b64('1|'.padEnd(60, 'x') + '\u0000'), '!!!!', b64('8640000000000001|trd_x')];
      for (const cursor of cursors) {
        const q = `cursor=${encodeURIComponent(cursor)}`;
        for (const path of [`/api/v1/trades?${q}`, `/api/v1/bots/${botId}/trades?${q}`, `/api/v1/bots/${botId}/decisions?${q}`, `/api/v1/notifications?${q}`]) {
          await expect4xx(await h.request(path, bearer(a.token)), path);
        }
      }
    });

    test('a NUL byte or lone surrogate in a query string is a 4xx', async () => {
      await expect4xx(await h.request('/api/v1/trades?botId=bot_%00', bearer(a.token)), 'botId with NUL');
      await expect4xx(await h.request('/api/v1/trades?botId=bot_%ED%A0%80', bearer(a.token)), 'botId with an encoded surrogate');
      await expect4xx(await h.request('/api/v1/trades?botId=%E0%A4%A', bearer(a.token)), 'botId with broken percent-encoding');
    });
  });
}
