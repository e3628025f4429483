/**
 * Password guessing, as an attacker would try it: behind the operator's proxy (TRUST_PROXY) with
 * X-Forwarded-For entries of its own choosing, then from many real addresses against one account.
 * The per-IP rate limit must count the address our proxy saw; the per-account backoff must hold
 * whatever the addresses, expire with the (injected) clock, and never keep the real user out.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { auditRows, bearer, cookiesFrom, errorOf, json, password, queryRows, signIn, signUp, trustedOrigin, uniqueEmail } from './accounts-helpers.ts';

const wrong = 'not-the-password-at-all';

/** A sign-in that reached us through the operator's proxy: the client wrote `spoofed`, the proxy appended `realIp`. */
function viaProxy(h: ApiHarness, email: string, pw: string, realIp: string, spoofed?: string, extra: Record<string, string> = {}): Promise<Response> {
  const xff = spoofed === undefined ? realIp : `${spoofed}, ${realIp}`;
  return signIn(h, email, pw, { 'x-forwarded-for': xff, ...extra });
}

async function statusAndReason(res: Response): Promise<string> {
  if (res.status === 200) return '200';
  const error = await errorOf(res);
  return `${res.status} ${error.code}${typeof error.details?.reason === 'string' ? ` ${error.details.reason}` : ''}`;
}

for (const engine of testEngines()) {
  describe(`client IP behind a trusted proxy on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      // Sign-in allows a quarter of 8 = 2 attempts per IP per minute.
      h = await createApiHarness(engine, { TRUST_PROXY: 'true', AUTH_RATE_LIMIT_MAX: '8', SIGN_IN_FREE_FAILURES: '100' });
    });
    afterAll(() => h.dispose());

    test('"30 addresses" written into X-Forwarded-For by one client share that client’s one budget', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await viaProxy(h, 'someone@example.com', wrong, '198.51.100.7', `10.0.${i}.1`)).status);
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect(new Set(statuses.slice(2))).toEqual(new Set([429]));
    });

    test('a second X-Forwarded-For header, or odd casing, does not let the client pick the address', async () => {
      const attempt = (headers: Headers) => h.request('/api/auth/sign-in/email', { method: 'POST', headers, body: JSON.stringify({ email: 'other@example.com', password: wrong }) });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const headers = new Headers({ 'content-type': 'application/json' });
        headers.append('x-forwarded-for', `10.9.${i}.1`);
        headers.append('X-FORWARDED-FOR', '198.51.100.8');
        statuses.push((await attempt(headers)).status);
      }
      expect(statuses).toEqual([401, 401, 429, 429, 429, 429]);
    });

    test('audit rows and session rows record the address the proxy saw', async () => {
      const user = await signUp(h, 'seen-from');
      const ok = await viaProxy(h, user.email, password, '198.51.100.9', '6.6.6.6');
      expect(ok.status).toBe(200);
      const rows = (await auditRows(h)).filter((r) => r.action === 'auth.sign_in.succeeded' && r.actor_id === user.userId);
      const ips = await queryRows<{ ip: string | null }>(h, `select ip from audit_events where action = 'auth.sign_in.succeeded' and actor_id = '${user.userId}'`);
      expect(rows).toHaveLength(1);
      expect(ips[0]?.ip).toBe('198.51.100.9');
      const sessions = await queryRows<{ ip_address: string }>(h, `select ip_address from sessions where user_id = '${user.userId}' order by created_at desc limit 1`);
      expect(sessions[0]?.ip_address).toBe('198.51.100.9');
    });
  });

  describe(`per-account sign-in backoff on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine, {
        TRUST_PROXY: 'true',
        SIGN_IN_FREE_FAILURES: '5',
        SIGN_IN_BACKOFF_MAX_SECS: '60',
        SIGN_IN_FAILURES_FORGOTTEN_AFTER_SECS: '3600',
      });
    });
    afterAll(() => h.dispose());

    let n = 0;
    const freshIp = () => {
      n += 1;
      return `203.0.${Math.floor(n / 250)}.${n % 250}`;
    };
    const guess = (email: string, pw = wrong, extra: Record<string, string> = {}) => viaProxy(h, email, pw, freshIp(), undefined, extra);

    test('a brute force from 30 real addresses gets 5 guesses, then the account waits; the real user signs in once the wait expires', async () => {
      const victim = await signUp(h, 'victim');
      const seen: string[] = [];
      for (let i = 0; i < 30; i += 1) seen.push(await statusAndReason(await guess(victim.email)));
      expect(seen.slice(0, 5)).toEqual(Array(5).fill('401 invalid_credentials INVALID_EMAIL_OR_PASSWORD'));
      expect(new Set(seen.slice(5))).toEqual(new Set(['429 rate_limited SIGN_IN_BACKOFF']));
      // During the wait even the right password is refused the same way: a refusal reveals nothing.
      const early = await guess(victim.email, password);
      expect(await statusAndReason(early)).toBe('429 rate_limited SIGN_IN_BACKOFF');
      h.clock.advance(1_000);
      expect((await guess(victim.email, password)).status).toBe(200);
    });

    test('the wait doubles with each further failure, up to the cap, and is announced in retryAfterSecs', async () => {
      const email = (await signUp(h, 'doubling')).email;
      for (let i = 0; i < 5; i += 1) expect((await guess(email)).status).toBe(401);
      const waits: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const refused = await guess(email);
        expect(refused.status).toBe(429);
        const wait = Number((await errorOf(refused)).details?.retryAfterSecs);
        expect(refused.headers.get('retry-after')).toBe(String(wait));
        waits.push(wait);
        h.clock.advance(wait * 1_000);
        expect((await guess(email)).status).toBe(401);
      }
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    });

    test('hammering during the wait does not extend it', async () => {
      const email = (await signUp(h, 'hammered')).email;
      for (let i = 0; i < 5; i += 1) await guess(email);
      for (let i = 0; i < 40; i += 1) expect((await guess(email)).status).toBe(429);
      h.clock.advance(1_000);
      expect((await guess(email, password)).status).toBe(200);
    });

    test('a success clears the count; failures are forgotten after a quiet period', async () => {
      const email = (await signUp(h, 'forgiven')).email;
      for (let i = 0; i < 4; i += 1) await guess(email);
      expect((await guess(email, password)).status).toBe(200);
      for (let i = 0; i < 5; i += 1) expect((await guess(email)).status).toBe(401);
      expect((await guess(email)).status).toBe(429);
      h.clock.advance(3_600_000);
      for (let i = 0; i < 5; i += 1) expect((await guess(email)).status).toBe(401);
    });

    test('case and spelling of the email do not give a fresh budget', async () => {
      const email = (await signUp(h, 'casing')).email;
      for (let i = 0; i < 5; i += 1) await guess(email);
      expect((await guess(email.toUpperCase())).status).toBe(429);
    });

    test('an unknown email is throttled exactly like a real one (no account enumeration)', async () => {
      const nobody = uniqueEmail('nobody');
      const seen: string[] = [];
      for (let i = 0; i < 7; i += 1) seen.push(await statusAndReason(await guess(nobody)));
      expect(seen).toEqual([...Array(5).fill('401 invalid_credentials INVALID_EMAIL_OR_PASSWORD'), '429 rate_limited SIGN_IN_BACKOFF', '429 rate_limited SIGN_IN_BACKOFF']);
    });

    test('a browser that signed in here before is not held up by a stranger’s guesses, but gets its own budget', async () => {
      const user = await signUp(h, 'known-device');
      const first = await guess(user.email, password);
      expect(first.status).toBe(200);
      const jar = cookiesFrom(first);
      expect(jar).toContain('polymancer.known_device=');
      const device = jar.split('; ').find((c) => c.startsWith('polymancer.known_device=')) ?? '';
      for (let i = 0; i < 12; i += 1) await guess(user.email);
      expect((await guess(user.email, password)).status).toBe(429);
      const fromBrowser = { cookie: device, origin: trustedOrigin };
      expect((await guess(user.email, password, fromBrowser)).status).toBe(200);
      // The cookie is a separate bucket, not a pass: guessing with it is throttled too.
      for (let i = 0; i < 5; i += 1) expect((await guess(user.email, wrong, fromBrowser)).status).toBe(401);
      expect((await guess(user.email, wrong, fromBrowser)).status).toBe(429);
    });

    test('a known-device cookie of one account gives nothing on another', async () => {
      const mine = await signUp(h, 'device-owner');
      const jar = cookiesFrom(await guess(mine.email, password));
      const device = jar.split('; ').find((c) => c.startsWith('polymancer.known_device=')) ?? '';
      const target = await signUp(h, 'device-target');
      for (let i = 0; i < 5; i += 1) await guess(target.email);
      expect((await guess(target.email, password, { cookie: device, origin: trustedOrigin })).status).toBe(429);
    });

    test('a stolen session is no way around the backoff: password checks on session routes share the account’s budget', async () => {
      const user = await signUp(h, 'stolen-session');
      const withSession = (path: string, body: unknown) => h.request(path, bearer(user.token, json(body, { 'x-forwarded-for': freshIp() })));
      for (let i = 0; i < 5; i += 1) expect((await withSession('/api/auth/verify-password', { password: `guess-${i}-xxxxxxxx` })).status).toBe(401);
      for (const [path, body] of [
        ['/api/auth/verify-password', { password }],
        ['/api/auth/change-password', { currentPassword: password, newPassword: 'stolen and changed 123' }],
        ['/api/auth/two-factor/enable', { password }],
        ['/api/auth/two-factor/get-totp-uri', { password }],
      ] as const) {
        expect({ path, seen: await statusAndReason(await withSession(path, body)) }).toEqual({ path, seen: '429 rate_limited PASSWORD_BACKOFF' });
      }
      // The same account bucket: a sign-in from a new device waits too.
      expect(await statusAndReason(await guess(user.email, password))).toBe('429 rate_limited SIGN_IN_BACKOFF');
      h.clock.advance(1_000);
      expect((await withSession('/api/auth/verify-password', { password })).status).toBe(200);
      expect((await guess(user.email, password)).status).toBe(200);
    });

    test('parallel guesses cannot overrun the free budget', async () => {
      const email = (await signUp(h, 'parallel')).email;
      const all = await Promise.all(Array.from({ length: 20 }, () => guess(email)));
      const statuses = all.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    });

    test('the counters live in the database (shared by every API instance), keyed by a digest, never the email', async () => {
      const email = (await signUp(h, 'stored')).email;
      await guess(email);
      const rows = await queryRows<{ key: string; failures: number }>(h, 'select key, failures from sign_in_backoffs');
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(email);
      expect(JSON.stringify(rows)).not.toContain('@');
    });
  });
}

