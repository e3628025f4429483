/**
 * The delayed key export over the API, on the test clock: fresh authentication (MFA when enrolled),
 * refused before 24 h, the plaintext once after, refused again within 30 days, cancellable; every
 * step audited with IP, user agent and time; emails captured by a local SMTP server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { ClobSim } from '@polymancer/clob-sim';
import { createNotificationStore } from '@polymancer/db';
import { createSmtpTransport } from '@polymancer/mail';
import { createNotificationSender } from '@polymancer/notify';
import { authorizationSuite, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { startSmtpServer, type LocalSmtpServer } from '../../../test/smtp-server.ts';
import { auditRows, bearer, browserSession, enrolMfa, errorOf, json, nextTotpCode, password, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { fund, importBody, startExchange, walletWithApiKey, type TestWallet } from './credential-helpers.ts';

const hour = 3_600_000;
const day = 24 * hour;

const routes: readonly AuthzRoute[] = [
  // B has no pending export of their own: A's pending one is not found for B.
  { name: 'POST /api/v1/credentials/export/complete', method: 'POST', path: () => '/api/v1/credentials/export/complete' },
  { name: 'POST /api/v1/credentials/export/cancel', method: 'POST', path: () => '/api/v1/credentials/export/cancel' },
  // Last: B's own request (B has credentials) leaves B a pending export of their own.
  { name: 'POST /api/v1/credentials/export/request', method: 'POST', path: () => '/api/v1/credentials/export/request', crossUser: 'own' },
];

for (const engine of testEngines()) {
  describe(`credential export on ${engine}`, () => {
    let sim: ClobSim;
    let smtp: LocalSmtpServer;
    let h: ApiHarness;
    let a: SignedIn;
    let w: TestWallet;
    const agent = { 'user-agent': 'export-test/1.0', 'x-forwarded-for': '203.0.113.7' };
    const call = (token: string, what: 'request' | 'complete' | 'cancel') => h.request(`/api/v1/credentials/export/${what}`, bearer(token, { method: 'POST', headers: agent }));
    const reauth = async (token: string, body: Record<string, unknown> = { password }) => {
      const res = await h.request('/api/v1/session/reauthenticate', bearer(token, json(body)));
      expect(res.status).toBe(200);
    };
    const deliverEmails = async () => {
      const sender = createNotificationSender({ store: createNotificationStore(h.database.handle.db), transport: createSmtpTransport({ url: smtp.url, from: 'Polymancer <no-reply@polymancer.test>' }), clock: h.clock });
      await sender.sweep();
    };

    beforeAll(async () => {
      sim = await startExchange();
      smtp = await startSmtpServer();
      h = await createApiHarness(engine, { TRUST_PROXY: 'true' }, { exchangeUrl: sim.url });
      a = await signUp(h, 'export-a');
      w = await walletWithApiKey(sim);
      await fund(sim, w.address, 50_000_000);
      expect((await h.request('/api/v1/credentials', bearer(a.token, json(importBody(w, 0))))).status).toBe(201);
    }, 60_000);
    afterAll(async () => {
      await h.dispose();
      await sim.stop();
      await smtp.stop();
    }, 60_000);

    test('request → refused before 24 h → plaintext once after → refused within 30 days → allowed again after', async () => {
      const requested = await call(a.token, 'request');
      expect(requested.status).toBe(201);
      const request = (await requested.json()) as { id: string; completableAt: string; status: string };
      expect(request.status).toBe('pending');
      expect(Date.parse(request.completableAt) - h.clock.now().getTime()).toBe(day);
      const second = await call(a.token, 'request');
      expect({ status: second.status, code: (await errorOf(second)).code }).toEqual({ status: 409, code: 'export_refused' });

      h.clock.advance(day - 1_000);
      await reauth(a.token);
      const early = await call(a.token, 'complete');
      const earlyError = await errorOf(early);
      expect({ status: early.status, code: earlyError.code }).toEqual({ status: 409, code: 'export_not_ready' });
      expect(earlyError.details?.['completableAt']).toBe(request.completableAt);

      h.clock.advance(1_000);
      const done = await call(a.token, 'complete');
      expect(done.status).toBe(200);
      expect(done.headers.get('cache-control')).toBe('no-store');
      const body = (await done.json()) as { credential: Record<string, string>; request: { status: string } };
      expect(body.request.status).toBe('completed');
      expect(body.credential).toMatchObject({ apiKey: w.creds.key, apiSecret: w.creds.secret, apiPassphrase: w.creds.passphrase, privateKey: w.privateKey, signerAddress: w.address });
      const again = await call(a.token, 'complete');
      expect({ status: again.status, code: (await errorOf(again)).code }).toEqual({ status: 404, code: 'not_found' });

      h.clock.advance(29 * day);
      await reauth(a.token);
      const tooSoon = await call(a.token, 'request');
      const tooSoonError = await errorOf(tooSoon);
      expect({ status: tooSoon.status, code: tooSoonError.code }).toEqual({ status: 409, code: 'export_refused' });
      expect(tooSoonError.details?.['retryAfter']).toBe(new Date(Date.parse(request.completableAt) + 30 * day).toISOString());

      h.clock.advance(day);
      await reauth(a.token);
      expect((await call(a.token, 'request')).status).toBe(201);
      const cancelled = await call(a.token, 'cancel');
      expect(cancelled.status).toBe(200);
      expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
      expect((await call(a.token, 'cancel')).status).toBe(404);

      const audited = (await auditRows(h)).filter((r) => r.action.startsWith('credentials.export.'));
      expect(audited.map((r) => r.action)).toEqual(['credentials.export.requested', 'credentials.export.completed', 'credentials.export.requested', 'credentials.export.cancelled']);
      const metaRows = await (async () => {
        const result = (await h.database.handle.db.execute(`select ip, user_agent from audit_events where action like 'credentials.export.%' order by seq` as never)) as unknown;
        return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ ip: string | null; user_agent: string | null }>;
      })();
      expect(metaRows.every((r) => r.user_agent === 'export-test/1.0')).toBe(true);
      expect(metaRows.map((r) => r.ip)).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.7']);
      for (const r of audited) expect(r.details['at']).toEqual(expect.any(String));
      const auditText = JSON.stringify(audited);
      for (const secret of [w.creds.key, w.creds.secret, w.creds.passphrase, w.privateKey.slice(2)]) expect(auditText).not.toContain(secret);

      await deliverEmails();
      const mails = (await smtp.waitForMessages(5)).filter((m) => /xport/.test(m.subject));
      // The sweep sends in no particular order within one instant.
      expect(mails.map((m) => m.subject).sort()).toEqual(['Credential export cancelled', 'Credential export requested', 'Credential export requested', 'Credentials exported']);
      expect(mails.every((m) => m.to.includes(a.email))).toBe(true);
      expect(mails.find((m) => m.subject === 'Credential export requested')!.text).toContain('203.0.113.7 (export-test/1.0)');
      for (const mail of mails) for (const secret of [w.creds.secret, w.privateKey.slice(2)]) expect(mail.text).not.toContain(secret);
    });

    test('a stale session is refused; with MFA enrolled the export needs the code too', async () => {
      const m = await signUp(h, 'export-mfa');
      const mw = await walletWithApiKey(sim);
      expect((await h.request('/api/v1/credentials', bearer(m.token, json(importBody(mw, 0))))).status).toBe(201);
      const mfa = await enrolMfa(h, m);
      h.clock.advance(hour);
      const stale = await call(mfa.token, 'request');
      expect({ status: stale.status, code: (await errorOf(stale)).code }).toEqual({ status: 401, code: 'fresh_auth_required' });
      const passwordOnly = await h.request('/api/v1/session/reauthenticate', bearer(mfa.token, json({ password })));
      expect(passwordOnly.status).toBe(401);
      expect((await call(mfa.token, 'request')).status).toBe(401);
      await reauth(mfa.token, { password, code: nextTotpCode(mfa.secret) });
      expect((await call(mfa.token, 'request')).status).toBe(201);
    });

    describe('authorization', () => {
      let fixture: AuthzFixture;
      beforeAll(async () => {
        const leaving = await signUp(h, 'export-leaving');
        await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
        const other = await signUp(h, 'export-other');
        expect((await h.request('/api/v1/credentials', bearer(other.token, json(importBody(await walletWithApiKey(sim), 0))))).status).toBe(201);
        await reauth(a.token);
        expect((await call(a.token, 'request')).status).toBe(201);
        fixture = { request: (p, init) => h.request(p, init), owner: { userId: a.userId, token: a.token }, other: { userId: other.userId, token: other.token }, resourceId: a.userId, staleToken: leaving.token, browserSession };
      }, 60_000);
      authorizationSuite(() => fixture, routes);
    });
  });
}
