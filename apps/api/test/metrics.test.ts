/**
 * `/metrics` is not public: on the API port it answers only to the metrics token, and a separate
 * listener (METRICS_PORT, loopback by default) serves the same registry for a local scraper.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { loadConfig } from '@polymancer/config';
import { serveMetrics, type ServingApi } from '../src/index.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, errorOf, signUp } from './accounts-helpers.ts';

const token = 'metrics-token-0123456789-abcdefghijklmnop';

describe('metrics on the API port', () => {
  let h: ApiHarness;
  let open: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('pglite', { METRICS_TOKEN: token });
    open = await createApiHarness('pglite');
  });
  afterAll(async () => {
    await h.dispose();
    await open.dispose();
  });

  test('without a configured token they are not served there, even to a signed-in user', async () => {
    const user = await signUp(open, 'curious');
    for (const init of [{}, bearer(user.token), bearer(token)]) {
      const res = await open.request('/metrics', init);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
  });

  test('with a token they answer only to Authorization: Bearer <token>', async () => {
    await h.request('/healthz');
    const res = await h.request('/metrics', bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('polymancer_http_requests_total');
    const lower = await h.request('/metrics', { headers: { authorization: `bearer ${token}` } });
    expect(lower.status).toBe(200);
  });

  test('anything else is 401: no token, a wrong or truncated one, extra words, the token in a cookie or the query, a user session', async () => {
    const user = await signUp(h, 'not-prometheus');
    const attempts: [string, RequestInit][] = [
      ['/metrics', {}],
      ['/metrics', bearer('wrong-token-0123456789-abcdefghijklmnop')],
      ['/metrics', bearer(token.slice(0, -1))],
      ['/metrics', { headers: { authorization: `Bearer ${token} extra` } }],
      ['/metrics', { headers: { authorization: `Basic ${btoa(`prometheus:${token}`)}` } }],
      ['/metrics', { headers: { cookie: `metrics_token=${token}` } }],
      [`/metrics?token=${token}`, {}],
      ['/metrics', bearer(user.token)],
    ];
    for (const [path, init] of attempts) {
      const res = await h.request(path, init);
      expect({ path, auth: new Headers(init.headers).get('authorization'), status: res.status }).toMatchObject({ status: 401 });
      expect((await errorOf(res)).code).toBe('unauthenticated');
    }
  });
});

describe('the separate metrics listener', () => {
  let h: ApiHarness;
  const servers: ServingApi[] = [];
  beforeAll(async () => {
    h = await createApiHarness('pglite');
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await h.dispose();
  });

  const start = (env: Record<string, string>) => {
    const serving = serveMetrics(h.deps.metrics, loadConfig({ METRICS_PORT: '0', ...env }));
    if (serving === null) throw new Error('expected a metrics listener');
    servers.push(serving);
    return serving;
  };

  test('is off unless METRICS_PORT is set', () => {
    expect(serveMetrics(h.deps.metrics, loadConfig({}))).toBeNull();
  });

  test('binds to loopback by default and serves the API’s own registry, and nothing else', async () => {
    const serving = start({});
    expect(serving.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await h.request('/healthz');
    const res = await fetch(`${serving.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('polymancer_http_requests_total{method="GET",route="/healthz",status="200"}');
    expect((await fetch(`${serving.url}/healthz`)).status).toBe(404);
    expect((await fetch(`${serving.url}/api/v1/me`)).status).toBe(404);
    expect((await fetch(`${serving.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  test('requires the token too when one is configured', async () => {
    const serving = start({ METRICS_TOKEN: token });
    expect((await fetch(`${serving.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${serving.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
