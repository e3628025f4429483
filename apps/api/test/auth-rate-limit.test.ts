import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, errorOf, json, password, signIn, signUp } from './accounts-helpers.ts';

// AUTH_RATE_LIMIT_MAX=8: sign-in, sign-up and two-factor routes allow a quarter, 2 per window.
for (const engine of testEngines()) {
  describe(`auth rate limits on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine, { AUTH_RATE_LIMIT_MAX: '8', AUTH_RATE_LIMIT_WINDOW_SECS: '60', TRUST_PROXY: 'true' });
    });
    afterAll(() => h.dispose());

    const from = (ip: string) => ({ 'x-forwarded-for': ip });

    test('sign-in attempts beyond the budget are answered 429 rate_limited in the error shape', async () => {
      const ip = '203.0.113.10';
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await signIn(h, 'someone@example.com', 'whatever-password', from(ip))).status);
      expect(statuses).toEqual([401, 401, 429]);
      const res = await signIn(h, 'someone@example.com', 'whatever-password', from(ip));
      expect(res.status).toBe(429);
      const error = await errorOf(res);
      expect(error.code).toBe('rate_limited');
      expect(error.requestId).toMatch(/^req_/);
      expect(Number(error.details?.retryAfterSecs)).toBeGreaterThan(0);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    test('the limit is per client IP (from X-Forwarded-For behind a trusted proxy)', async () => {
      for (let i = 0; i < 2; i += 1) await signIn(h, 'someone@example.com', 'whatever-password', from('203.0.113.20'));
      expect((await signIn(h, 'someone@example.com', 'whatever-password', from('203.0.113.20'))).status).toBe(429);
      expect((await signIn(h, 'someone@example.com', 'whatever-password', from('203.0.113.21'))).status).toBe(401);
    });

    test('the counters live in the database, so every API instance shares them', async () => {
      const result = (await h.database.handle.db.execute(`select key, count from rate_limits where key like '203.0.113.10|%'` as never)) as unknown;
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { key: string; count: number }[];
      expect(rows.map((r) => r.key)).toContain('203.0.113.10|/sign-in/email');
    });

    test('a client cannot pick its own bucket through better-auth’s IP header', async () => {
      for (let i = 0; i < 2; i += 1) await signIn(h, 'someone@example.com', 'whatever-password', from('203.0.113.30'));
      const spoofed = await signIn(h, 'someone@example.com', 'whatever-password', { ...from('203.0.113.30'), 'x-polymancer-client-ip': '198.51.100.1' });
      expect(spoofed.status).toBe(429);
    });

    test('repeated failed re-authentications are cut off with 429, and the budget refills with time', async () => {
      const user = await signUp(h, 'guesser', {});
      const reauth = (body: unknown) => h.request('/api/v1/session/reauthenticate', bearer(user.token, json(body)));
      expect((await reauth({ password: 'guess-number-1' })).status).toBe(401);
      expect((await reauth({ password: 'guess-number-2' })).status).toBe(401);
      const blocked = await reauth({ password });
      expect(blocked.status).toBe(429);
      expect((await errorOf(blocked)).code).toBe('rate_limited');
      h.clock.advance(61_000);
      expect((await reauth({ password })).status).toBe(200);
    });
  });
}
