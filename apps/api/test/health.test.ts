import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';

for (const engine of testEngines()) {
  describe(`operations routes on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine);
    });
    afterAll(() => h.dispose());

    test('healthz answers 200 with strict security headers and a request id', async () => {
      const res = await h.request('/healthz');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    });

    test('readyz is 503 until a worker has beaten', async () => {
      const res = await h.request('/readyz');
      expect(res.status).toBe(503);
      const body = (await res.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> };
      expect(body.ready).toBe(false);
      expect(body.checks.database?.ok).toBe(true);
      expect(body.checks.worker?.ok).toBe(false);
    });

    test('metrics are not public: without a METRICS_TOKEN the API port does not serve them', async () => {
      const res = await h.request('/metrics');
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });

    test('the OpenAPI document lists the routes', async () => {
      const res = await h.request('/openapi/json');
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
    });

    test('an unknown route answers 404 in the error shape', async () => {
      const res = await h.request('/nope', { headers: { 'x-request-id': 'trace-12345678' } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such route', requestId: 'trace-12345678' } });
    });

    test('an oversized body is refused with 413 before it is read', async () => {
      const res = await h.request('/healthz', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) }, body: '{}' });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    });
  });
}
