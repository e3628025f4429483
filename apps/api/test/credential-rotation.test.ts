/**
 * Rotation end to end on the test clock, against the local exchange over HTTP: the 90-day reminder,
 * the grace pause of live bots, manual rotation (validate → atomic swap → 7-day overlap in which the
 * old key still works → revoked at the exchange by its own signature → row deleted), and the master
 * key changing under stored rows.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { ClobClient } from '@polymarket/clob-client-v2';
import type { ClobSim } from '@polymancer/clob-sim';
import { createKeyRing } from '@polymancer/credentials';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { authorizationSuite, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { bearer, browserSession, errorOf, json, password, queryRows, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createBot } from './bots-helpers.ts';
import { fund, importBody, startExchange, walletWithApiKey, type TestWallet } from './credential-helpers.ts';

const day = 86_400_000;
let crossUserRotation: Record<string, unknown> = {};
const routes: readonly AuthzRoute[] = [
  {
    name: 'POST /api/v1/credentials/rotate',
    method: 'POST',
    path: () => '/api/v1/credentials/rotate',
    crossUser: 'own',
    get body() {
      return crossUserRotation;
    },
  },
];

interface CredentialJson {
  id: string;
  status: string;
  validationStatus: string;
  overlapEndsAt: string | null;
}

for (const engine of testEngines()) {
  describe(`credential rotation on ${engine}`, () => {
    let sim: ClobSim;
    let h: ApiHarness;
    let a: SignedIn;
    let first: TestWallet;
    let botId: string;
    const reauth = async (token: string) => expect((await h.request('/api/v1/session/reauthenticate', bearer(token, json({ password })))).status).toBe(200);
    const exchangeAccepts = async (w: TestWallet) => {
      const signer = createWalletClient({ account: privateKeyToAccount(w.privateKey), chain: polygon, transport: http('http://127.0.0.1:9') });
      try {
        await new ClobClient({ host: sim.url, chain: 137, signer, creds: w.creds, throwOnError: true }).getApiKeys();
        return true;
      } catch {
        return false;
      }
    };
    const botStatus = async () => (await queryRows<{ status: string }>(h, `select status from bots where id = '${botId}'`))[0]?.status;
    const kinds = async () => (await h.notificationsOf(a.userId)).map((n) => n.kind);

    beforeAll(async () => {
      sim = await startExchange();
      h = await createApiHarness(engine, {}, { exchangeUrl: sim.url });
      a = await signUp(h, 'rotate-a');
      first = await walletWithApiKey(sim);
      await fund(sim, first.address, 50_000_000);
      expect((await h.request('/api/v1/credentials', bearer(a.token, json(importBody(first, 0))))).status).toBe(201);
      botId = (await createBot(h, a.token, { name: 'live' })).id;
      await h.database.handle.db.execute(`update bots set type = 'live', status = 'active' where id = '${botId}'` as never);
    }, 60_000);
    afterAll(async () => {
      await h.dispose();
      await sim.stop();
    }, 60_000);

    test('reminds once at 90 days, pauses live bots 30 days later, and the credential stops counting until rotated', async () => {
      h.clock.advance(90 * day - 1_000);
      expect(await h.deps.credentials.rotationSweep()).toEqual({ reminded: 0, paused: 0, revoked: 0 });
      h.clock.advance(1_000);
      expect(await h.deps.credentials.rotationSweep()).toEqual({ reminded: 1, paused: 0, revoked: 0 });
      expect(await h.deps.credentials.rotationSweep()).toEqual({ reminded: 0, paused: 0, revoked: 0 });
      const reminder = (await h.deps.notifications.list(a.userId, { limit: 10 })).items.find((n) => n.kind === 'credentials.rotation.reminder');
      expect(reminder?.title).toBe('Your API keys are 90 days old. Rotate for security.');
      expect(await botStatus()).toBe('active');

      h.clock.advance(30 * day - 1_000);
      expect((await h.deps.credentials.rotationSweep()).paused).toBe(0);
      h.clock.advance(1_000);
      expect(await h.deps.credentials.rotationSweep()).toEqual({ reminded: 0, paused: 1, revoked: 0 });
      expect(await botStatus()).toBe('paused');
      expect(await kinds()).toContain('credentials.rotation.bots_paused');
      expect((await h.deps.credentials.credentialStatus(a.userId)).reason).toContain('overdue for rotation');
      expect(await h.deps.credentials.liveAccounts.accountFor(a.userId)).toBeUndefined();
    });

    test('rotation needs a fresh session and valid new credentials; a refused one changes nothing', async () => {
      const next = await walletWithApiKey(sim);
      const stale = await h.request('/api/v1/credentials/rotate', bearer(a.token, json(importBody(next, 0))));
      expect({ status: stale.status, code: (await errorOf(stale)).code }).toEqual({ status: 401, code: 'fresh_auth_required' });
      await reauth(a.token);
      const bad = await h.request('/api/v1/credentials/rotate', bearer(a.token, json(importBody(next, 0, undefined, { apiSecret: first.creds.secret }))));
      expect({ status: bad.status, code: (await errorOf(bad)).code }).toEqual({ status: 422, code: 'api_credentials_rejected' });
      const items = ((await (await h.request('/api/v1/credentials', bearer(a.token))).json()) as { items: CredentialJson[] }).items;
      expect(items.map((c) => c.status)).toEqual(['active']);
    });

    test('manual rotation: atomic swap, the old key works through the 7-day overlap, then is revoked at the exchange and deleted', async () => {
      const next = await walletWithApiKey(sim);
      await fund(sim, next.address, 50_000_000);
      await reauth(a.token);
      const before = ((await (await h.request('/api/v1/credentials', bearer(a.token))).json()) as { items: CredentialJson[] }).items[0]!;
      const res = await h.request('/api/v1/credentials/rotate', bearer(a.token, json(importBody(next, 0))));
      expect(res.status).toBe(200);
      const rotated = (await res.json()) as { credential: CredentialJson; replaced: string };
      expect(rotated.replaced).toBe(before.id);
      const items = ((await (await h.request('/api/v1/credentials', bearer(a.token))).json()) as { items: CredentialJson[] }).items;
      expect(items.map((c) => [c.id, c.status])).toEqual([
        [before.id, 'deprecated'],
        [rotated.credential.id, 'active'],
      ]);
      expect(items[0]!.overlapEndsAt).toBe(new Date(h.clock.now().getTime() + 7 * day).toISOString());
      expect(await h.deps.credentials.credentialStatus(a.userId)).toEqual({ valid: true, reason: null });
      expect((await h.deps.credentials.liveAccounts.accountFor(a.userId))?.credentialId).toBe(rotated.credential.id);
      expect(await kinds()).toContain('credentials.rotated');

      h.clock.advance(7 * day - 1_000);
      expect((await h.deps.credentials.rotationSweep()).revoked).toBe(0);
      expect(await exchangeAccepts(first)).toBe(true);
      h.clock.advance(1_000);
      expect((await h.deps.credentials.rotationSweep()).revoked).toBe(1);
      expect(await exchangeAccepts(first)).toBe(false);
      expect(await exchangeAccepts(next)).toBe(true);
      const after = ((await (await h.request('/api/v1/credentials', bearer(a.token))).json()) as { items: CredentialJson[] }).items;
      expect(after.map((c) => c.id)).toEqual([rotated.credential.id]);
    });

    test('a new active master key: old rows keep decrypting, the job moves them, then the old key can go', async () => {
      const oldRing = h.keyRing;
      const newKey = { id: 'test-2', key: randomBytes(32) };
      h.keyRing = createKeyRing([...[...oldRing.keys].map(([id, key]) => ({ id, key })), newKey], 'test-2');
      const active = (await h.deps.credentials.liveAccounts.accountFor(a.userId))!;
      expect(await h.deps.credentials.liveAccounts.withSecrets(active, async (s) => s.privateKey.length)).toBe(32);
      const moved = await h.deps.credentials.reencrypt();
      expect(moved.resealed).toBeGreaterThanOrEqual(1);
      const keyIds = await queryRows<{ key_id: string }>(h, 'select distinct key_id from exchange_credentials');
      expect(keyIds.map((r) => r.key_id)).toEqual(['test-2']);
      h.keyRing = createKeyRing([newKey]);
      const validated = await h.request(`/api/v1/credentials/${active.credentialId}/validate`, bearer(a.token, { method: 'POST' }));
      expect(((await validated.json()) as { credential: CredentialJson }).credential.validationStatus).toBe('valid');
    });

    describe('authorization', () => {
      let fixture: AuthzFixture;
      beforeAll(async () => {
        const leaving = await signUp(h, 'rotate-leaving');
        await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
        const owner = await signUp(h, 'rotate-owner');
        const other = await signUp(h, 'rotate-other');
        for (const user of [owner, other]) expect((await h.request('/api/v1/credentials', bearer(user.token, json(importBody(await walletWithApiKey(sim), 0))))).status).toBe(201);
        crossUserRotation = importBody(await walletWithApiKey(sim), 0);
        fixture = { request: (p, init) => h.request(p, init), owner: { userId: owner.userId, token: owner.token }, other: { userId: other.userId, token: other.token }, resourceId: owner.userId, staleToken: leaving.token, browserSession };
      }, 60_000);
      authorizationSuite(() => fixture, routes);
    });
  });
}
