/**
 * `/api/auth/*` as an operator sees it: every answer is logged and counted with the status it really
 * had (an attack shows up as 401s and 429s, an outage as 500s), and better-auth's own errors go
 * through the same redaction as ours — no failed query's parameters in the logs, nothing on the
 * console.
 */
import { afterAll, beforeAll, describe, expect, spyOn, test } from 'bun:test';
import { createLogger } from '@polymancer/observability';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { errorOf, json, password, signIn, uniqueEmail } from './accounts-helpers.ts';

/** A pino destination that keeps every line and lets a test wait for one (no sleeping). */
class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  private waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  write(chunk: string): void {
    this.raw.push(chunk);
    const line = JSON.parse(chunk) as Record<string, unknown>;
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(line)) return true;
      w.resolve(line);
      return false;
    });
  }
  next(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
  /** The access-log line of the request that answered `res`. */
  accessLine(res: Response): Promise<Record<string, unknown>> {
    const requestId = res.headers.get('x-request-id');
    return this.next((l) => l.msg === 'request' && l.requestId === requestId);
  }
}

for (const engine of testEngines()) {
  describe(`auth answers in logs and metrics on ${engine}`, () => {
    let h: ApiHarness;
    let logs: LogCapture;
    beforeAll(async () => {
      logs = new LogCapture();
      h = await createApiHarness(engine, { AUTH_RATE_LIMIT_MAX: '8', TRUST_PROXY: 'true' }, { logger: createLogger({ level: 'info', destination: logs }) });
    });
    afterAll(() => h.dispose());

    // Sign-ups come from addresses of their own: this harness allows only 2 auth writes per address.
    let n = 0;
    const signUp = async (label: string) => {
      n += 1;
      const email = uniqueEmail(label);
      const res = await h.request('/api/auth/sign-up/email', json({ email, password, name: label }, { 'x-forwarded-for': `192.0.2.${n}` }));
      expect(res.status).toBe(200);
      return { email, userId: ((await res.json()) as { user: { id: string } }).user.id };
    };

    const counted = async (route: string, status: number) => {
      const text = await h.deps.metrics.registry.getSingleMetricAsString('polymancer_http_requests_total');
      const line = text.split('\n').find((l) => l.includes(`route="${route}"`) && l.includes(`status="${status}"`));
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };

    test('a refused sign-in is logged and counted as 401, a throttled one as 429, a good one as 200', async () => {
      const user = await signUp('observed');
      const ok = await signIn(h, user.email, password, { 'x-forwarded-for': '198.51.100.1' });
      expect(ok.status).toBe(200);
      expect((await logs.accessLine(ok)).status).toBe(200);

      const refused = await signIn(h, user.email, 'wrong-password-here', { 'x-forwarded-for': '198.51.100.2' });
      expect(refused.status).toBe(401);
      expect(await logs.accessLine(refused)).toMatchObject({ route: '/api/auth/sign-in/email', status: 401 });
      expect(await counted('/api/auth/sign-in/email', 401)).toBeGreaterThanOrEqual(1);

      let throttled: Response | undefined;
      for (let i = 0; i < 4 && throttled === undefined; i += 1) {
        const res = await signIn(h, 'someone-else@example.com', 'wrong-password-here', { 'x-forwarded-for': '198.51.100.3' });
        if (res.status === 429) throttled = res;
      }
      expect(throttled?.status).toBe(429);
      expect((await logs.accessLine(throttled as Response)).status).toBe(429);
      expect(await counted('/api/auth/sign-in/email', 429)).toBeGreaterThanOrEqual(1);
    });

    test('a route better-auth does not serve is logged and counted as 404', async () => {
      const res = await h.request('/api/auth/no-such-route');
      expect(res.status).toBe(404);
      expect((await logs.accessLine(res)).status).toBe(404);
      expect(await counted('/api/auth/*', 404)).toBeGreaterThanOrEqual(1);
    });

    test('better-auth’s own complaints reach our logger, not the console', async () => {
      const consoleSpies = [spyOn(console, 'error'), spyOn(console, 'warn'), spyOn(console, 'log')];
      try {
        const user = await signUp('callback');
        const res = await h.request('/api/auth/sign-in/email', json({ email: user.email, password, callbackURL: 'https://evil.example/after' }, { 'x-forwarded-for': '198.51.100.4' }));
        expect(res.status).toBe(403);
        const line = await logs.next((l) => l.component === 'better-auth' && String(l.msg).includes('Invalid callbackURL'));
        expect(line.level).toBe(50);
        for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of consoleSpies) spy.mockRestore();
      }
    });

    test('a database failure inside better-auth is a 500 in our shape, counted, and logged without the query’s parameters', async () => {
      const user = await signUp('outage');
      // Every new session row is refused: sign-in fails inside better-auth, after the password check.
      await h.database.handle.db.execute(`alter table sessions add constraint test_outage check (user_agent = 'never') not valid` as never);
      const consoleSpies = [spyOn(console, 'error'), spyOn(console, 'warn'), spyOn(console, 'log')];
      let res: Response;
      try {
        res = await signIn(h, user.email, password, { 'user-agent': 'outage-agent-7f3a', 'x-forwarded-for': '198.51.100.5' });
        expect(res.status).toBe(500);
        expect(await errorOf(res)).toMatchObject({ code: 'internal_error', message: 'Something went wrong on our side; it has been logged' });
        for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of consoleSpies) spy.mockRestore();
        await h.database.handle.db.execute(`alter table sessions drop constraint test_outage` as never);
      }
      expect((await logs.accessLine(res)).status).toBe(500);
      expect(await counted('/api/auth/sign-in/email', 500)).toBeGreaterThanOrEqual(1);
      const failure = await logs.next((l) => l.msg === 'request failed' && l.requestId === res.headers.get('x-request-id'));
      const text = JSON.stringify(failure);
      expect(text).toContain('Failed query');
      expect(text).toContain('[parameters withheld]');
      expect(text).not.toContain('params:');
      for (const value of [user.userId, 'outage-agent-7f3a']) expect(text).not.toContain(value);
      expect(text).not.toMatch(/[0-9a-f]{64}/);
      // Nor anywhere else in the logs.
      const everything = logs.raw.join('');
      expect(everything).not.toContain('params:');
      expect(everything).not.toContain('outage-agent-7f3a');
    });
  });
}
