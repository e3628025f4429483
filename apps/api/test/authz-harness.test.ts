/**
 * The harness must fail a route that leaks: these tests aim it at tiny routes that get
 * authorization right and wrong, and check it tells them apart.
 */
import { describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { assertCrossSiteRefused, assertCrossUserRefused, assertUnauthenticatedRefused, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { allowedOriginsOf, refuseCrossSiteWrite } from '../src/http/cross-site-writes.ts';

const owners: Record<string, string> = { 'bot_a': 'usr_a' };
const tokens: Record<string, string> = { 'token-a': 'usr_a', 'token-b': 'usr_b' };
const err = (status: number, code: string) => new Response(JSON.stringify({ error: { code, message: code, requestId: 'req_test0000' } }), { status, headers: { 'content-type': 'application/json' } });

const app = new Elysia()
  .get('/good/:id', ({ params, request }) => {
    const user = tokens[request.headers.get('authorization')?.replace('Bearer ', '') ?? ''];
    if (user === undefined) return err(401, 'unauthenticated');
    if (owners[params.id] !== user) return err(404, 'not_found');
    return { id: params.id };
  })
  .get('/leaks-existence/:id', ({ params, request }) => {
    const user = tokens[request.headers.get('authorization')?.replace('Bearer ', '') ?? ''];
    if (user === undefined) return err(401, 'unauthenticated');
    if (owners[params.id] !== user) return err(403, 'forbidden');
    return { id: params.id };
  })
  .get('/leaks-data/:id', ({ params }) => ({ id: params.id, owner: owners[params.id] }))
  // Writes authenticated by a cookie: one behind the API's cross-site check, one without it.
  .post('/guarded-write/:id', ({ params, request }) => {
    const refusal = refuseCrossSiteWrite(request, allowedOriginsOf({ publicUrl: 'http://localhost:8080', corsOrigins: [] }));
    if (refusal !== null) return err(refusal.code === 'origin_not_allowed' ? 403 : 415, refusal.code);
    return cookieWrite(params.id, request);
  })
  .post('/csrf-open-write/:id', ({ params, request }) => cookieWrite(params.id, request));

function cookieWrite(id: string, request: Request): Response | { id: string } {
  const user = tokens[/sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''];
  if (user === undefined) return err(401, 'unauthenticated');
  if (owners[id] !== user) return err(404, 'not_found');
  return { id };
}

const fixture: AuthzFixture = {
  request: (path, init) => app.handle(new Request(`http://localhost${path}`, init)),
  owner: { userId: 'usr_a', token: 'token-a' },
  other: { userId: 'usr_b', token: 'token-b' },
  resourceId: 'bot_a',
  staleToken: 'token-revoked',
  browserSession: { cookie: (token) => `sid=${token}`, trustedOrigin: 'http://localhost:8080' },
};

const route = (path: string): AuthzRoute => ({ name: path, method: 'GET', path: (id) => `${path}/${id}` });

describe('the authorization harness', () => {
  test('passes a route that answers 401 without a session and 404 to another user', async () => {
    await assertUnauthenticatedRefused(route('/good'), fixture);
    await assertCrossUserRefused(route('/good'), fixture);
  });

  test('fails a route that answers 403 to another user (existence leaks)', async () => {
    await expect(assertCrossUserRefused(route('/leaks-existence'), fixture)).rejects.toThrow();
  });

  test('fails a route that serves anyone without a session', async () => {
    await expect(assertUnauthenticatedRefused(route('/leaks-data'), fixture)).rejects.toThrow();
  });

  test('passes a cookie write behind the cross-site check', async () => {
    await assertCrossSiteRefused({ name: 'guarded', method: 'POST', path: (id) => `/guarded-write/${id}`, body: {} }, fixture);
  });

  test('fails a cookie write that a foreign page or a cross-site form can make', async () => {
    await expect(assertCrossSiteRefused({ name: 'open', method: 'POST', path: (id) => `/csrf-open-write/${id}`, body: {} }, fixture)).rejects.toThrow();
  });

  test('fails a caller-scoped route that shows another user the owner’s data', async () => {
    await expect(assertCrossUserRefused({ ...route('/leaks-data'), crossUser: 'own' }, fixture)).rejects.toThrow();
  });
});
