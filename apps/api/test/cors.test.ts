import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createApiHarness, type ApiHarness } from './api-harness.ts';

describe('CORS', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('pglite', { CORS_ORIGINS: 'https://app.polymancer.test' });
  });
  afterAll(() => h.dispose());

  test('answers a preflight from a configured origin with credentials allowed', async () => {
    const res = await h.request('/healthz', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.polymancer.test', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.polymancer.test');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  test('gives no CORS headers to any other origin', async () => {
    const res = await h.request('/healthz', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
