/**
 * Credential import end to end: the API on a real database, validating against the local exchange
 * over HTTP with the official client. Import per wallet type; each validation failure (nothing
 * stored); warnings; list, re-validate (a revoked key → invalid, live bots paused), delete; the
 * unlock requirement reading the vault; no secret in the database dump, the logs, the audit log or
 * any response; and the authorization group on every route.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { execFileSync } from 'node:child_process';
import { ClobClient } from '@polymarket/clob-client-v2';
import type { ClobSim } from '@polymancer/clob-sim';
import { createLogger } from '@polymancer/observability';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { authorizationSuite, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { auditRows, bearer, browserSession, errorOf, json, queryRows, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createBot } from './bots-helpers.ts';
import { fund, importBody, registerWallet, secretForms, startExchange, walletWithApiKey, type TestWallet } from './credential-helpers.ts';

interface CredentialJson {
  id: string;
  walletType: number;
  walletTypeName: string;
  signerAddress: string;
  funderAddress: string;
  status: string;
  validationStatus: string;
  validationReason: string | null;
  ageDays: number;
}
interface ImportJson {
  credential: CredentialJson;
  warnings: Array<{ code: string; message: string; details?: Record<string, string> }>;
}

/** Another user's import is their own (a valid one, made when the suite starts). */
let crossUserImport: Record<string, unknown> = {};
const routes: readonly AuthzRoute[] = [
  {
    name: 'POST /api/v1/credentials',
    method: 'POST',
    path: () => '/api/v1/credentials',
    crossUser: 'own',
    get body() {
      return crossUserImport;
    },
  },
  { name: 'GET /api/v1/credentials', method: 'GET', path: () => '/api/v1/credentials', crossUser: 'own' },
  { name: 'DELETE /api/v1/credentials/:id', method: 'DELETE', path: (id) => `/api/v1/credentials/${id}` },
  { name: 'POST /api/v1/credentials/:id/validate', method: 'POST', path: (id) => `/api/v1/credentials/${id}/validate` },
];

for (const engine of testEngines()) {
  describe(`credential import on ${engine}`, () => {
    let sim: ClobSim;
    let h: ApiHarness;
    let a: SignedIn;
    let b: SignedIn;
    let logs = '';
    const secrets: string[] = [];
    const remember = (w: TestWallet) => {
      secrets.push(w.creds.key, w.creds.secret, w.creds.passphrase, w.privateKey);
      return w;
    };
    const post = (user: SignedIn, body: unknown) => h.request('/api/v1/credentials', bearer(user.token, json(body)));
    const list = async (user: SignedIn) => ((await (await h.request('/api/v1/credentials', bearer(user.token))).json()) as { items: CredentialJson[] }).items;
    const remove = (user: SignedIn, id: string) => h.request(`/api/v1/credentials/${id}`, bearer(user.token, { method: 'DELETE' }));
    const countRows = async () => (await queryRows<{ n: number | string }>(h, 'select count(*) as n from exchange_credentials'))[0]!.n;

    beforeAll(async () => {
      sim = await startExchange();
      const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void (logs += line) } });
      h = await createApiHarness(engine, {}, { exchangeUrl: sim.url, logger });
      a = await signUp(h, 'cred-a');
      b = await signUp(h, 'cred-b');
    }, 60_000);
    afterAll(async () => {
      await h.dispose();
      await sim.stop();
    }, 60_000);

    test('imports an EOA (type 0): validated at the exchange, stored, listed as metadata only, no warnings when funded', async () => {
      const w = remember(await walletWithApiKey(sim));
      await fund(sim, w.address, 50_000_000);
      const res = await post(a, importBody(w, 0));
      expect(res.status).toBe(201);
      const body = (await res.json()) as ImportJson;
      expect(body.warnings).toEqual([]);
      expect(body.credential).toMatchObject({ walletType: 0, walletTypeName: 'EOA', signerAddress: w.address, funderAddress: w.address, status: 'active', validationStatus: 'valid', ageDays: 0 });
      const listed = await list(a);
      expect(listed.map((c) => c.id)).toEqual([body.credential.id]);
      expect(await list(b)).toEqual([]);
      expect((await h.notificationsOf(a.userId)).map((n) => n.kind)).toContain('credentials.imported');
      // A second import is a rotation, not a silent replacement.
      const again = await post(a, importBody(w, 0));
      expect(again.status).toBe(409);
      expect((await remove(a, body.credential.id)).status).toBe(200);
      expect(await list(a)).toEqual([]);
    });

    for (const walletType of [1, 2, 3] as const) {
      test(`imports a ${['', 'proxy', 'Safe', 'deposit'][walletType]} wallet (type ${walletType}): the signer's key, the wallet's balance`, async () => {
        const owner = remember(await walletWithApiKey(sim));
        const wallet = privateKeyToAccount(generatePrivateKey()).address.toLowerCase();
        await registerWallet(sim, wallet, owner.address, walletType);
        await fund(sim, wallet, 25_000_000);
        const res = await post(a, importBody(owner, walletType, wallet));
        expect(res.status).toBe(201);
        const body = (await res.json()) as ImportJson;
        expect(body.credential).toMatchObject({ walletType, signerAddress: owner.address, funderAddress: wallet, validationStatus: 'valid' });
        expect(body.warnings).toEqual([]);
        expect((await remove(a, body.credential.id)).status).toBe(200);
      });
    }

    test('each validation failure has its own code and message, and nothing is stored', async () => {
      const before = await countRows();
      const w = remember(await walletWithApiKey(sim));
      const other = remember(await walletWithApiKey(sim));
      const expectRefused = async (body: unknown, status: number, code: string, mentions: string) => {
        const res = await post(a, body);
        const error = await errorOf(res);
        expect({ status: res.status, code: error.code }).toEqual({ status, code });
        expect(error.message).toContain(mentions);
        for (const secret of secrets) expect(JSON.stringify(error)).not.toContain(secret.replace(/^0x/, ''));
      };
      // Step 1: a proxy without its wallet; an EOA with a different funder; a key that is not hex.
      await expectRefused(importBody(w, 1), 422, 'credential_wallet_invalid', 'funderAddress');
      await expectRefused(importBody(w, 0, other.address), 422, 'credential_wallet_invalid', 'EOA');
      await expectRefused(importBody(w, 2, w.address), 422, 'credential_wallet_invalid', 'wallet contract');
      await expectRefused(importBody(w, 0, undefined, { privateKey: 'zz'.repeat(32) }), 422, 'private_key_invalid', 'hex');
      // Step 2: a wrong secret; a wrong passphrase; a key the exchange has never issued.
      await expectRefused(importBody(w, 0, undefined, { apiSecret: other.creds.secret }), 422, 'api_credentials_rejected', w.address);
      await expectRefused(importBody(w, 0, undefined, { apiPassphrase: 'nope' }), 422, 'api_credentials_rejected', 'copied whole');
      // Step 2: the key is bound to the wallet's address, not the signer's — production's
      // "the order signer address has to be the address of the API KEY", caught before any order.
      const proxy = remember(await walletWithApiKey(sim));
      await registerWallet(sim, proxy.address, w.address, 1);
      await expectRefused(importBody(w, 1, proxy.address, { apiKey: proxy.creds.key, apiSecret: proxy.creds.secret, apiPassphrase: proxy.creds.passphrase }), 422, 'api_key_address_mismatch', 'the order signer address has to be the address of the API KEY');
      // Step 3: the key authenticates as the declared signer, but the private key is another wallet's.
      await expectRefused(importBody(w, 0, undefined, { signerAddress: w.address, privateKey: other.privateKey }), 422, 'signer_mismatch', other.address);
      expect(await countRows()).toBe(before);
      const refusals = (await auditRows(h)).filter((r) => r.action === 'credentials.import_refused').map((r) => r.details['refusal']);
      expect(refusals).toEqual(expect.arrayContaining(['credential_wallet_invalid', 'private_key_invalid', 'api_credentials_rejected', 'api_key_address_mismatch', 'signer_mismatch']));
    });

    test('warns (and still imports) when pUSD is under 10 and approvals are missing, saying what to do', async () => {
      const w = remember(await walletWithApiKey(sim));
      await fund(sim, w.address, 5_000_000, '0');
      const res = await post(a, importBody(w, 0));
      expect(res.status).toBe(201);
      const body = (await res.json()) as ImportJson;
      const codes = body.warnings.map((x) => x.code);
      expect(codes.filter((c) => c === 'pusd_low')).toHaveLength(1);
      expect(codes.filter((c) => c === 'approval_missing')).toHaveLength(3);
      expect(body.warnings.find((x) => x.code === 'pusd_low')?.message).toContain('5.00 pUSD');
      expect(body.warnings.find((x) => x.code === 'approval_missing')?.message).toContain('Enable trading');
      expect((await remove(a, body.credential.id)).status).toBe(200);
    });

    test('re-validation: a key revoked at the exchange turns the credential invalid, pauses live bots and fails the unlock requirement', async () => {
      const w = remember(await walletWithApiKey(sim));
      await fund(sim, w.address, 50_000_000);
      const imported = (await (await post(b, importBody(w, 0))).json()) as ImportJson;
      expect(await h.deps.credentials.credentialStatus(b.userId)).toEqual({ valid: true, reason: null });
      const bot = await createBot(h, b.token, { name: 'live one' });
      await h.database.handle.db.execute(`update bots set type = 'live', status = 'active' where id = '${bot.id}'` as never);

      const fine = await h.request(`/api/v1/credentials/${imported.credential.id}/validate`, bearer(b.token, { method: 'POST' }));
      expect(fine.status).toBe(200);
      expect(((await fine.json()) as { credential: CredentialJson }).credential.validationStatus).toBe('valid');

      const signer = createWalletClient({ account: privateKeyToAccount(w.privateKey), chain: polygon, transport: http('http://127.0.0.1:9') });
      await new ClobClient({ host: sim.url, chain: 137, signer, creds: w.creds, throwOnError: true }).deleteApiKey();
      const res = await h.request(`/api/v1/credentials/${imported.credential.id}/validate`, bearer(b.token, { method: 'POST' }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { credential: CredentialJson; pausedBots: string[] };
      expect(body.credential.validationStatus).toBe('invalid');
      expect(body.credential.validationReason).toContain('refused');
      expect(body.pausedBots).toEqual([bot.id]);
      const [row] = await queryRows<{ status: string }>(h, `select status from bots where id = '${bot.id}'`);
      expect(row?.status).toBe('paused');
      const status = await h.deps.credentials.credentialStatus(b.userId);
      expect(status.valid).toBe(false);
      expect(status.reason).toContain('stopped validating');
      expect((await h.notificationsOf(b.userId)).map((n) => n.kind)).toContain('credentials.invalid');
    });

    test('the live path reaches the imported key only through the signing scope, and the bytes are zeroed after', async () => {
      const c = await signUp(h, 'cred-live');
      expect(await h.deps.credentials.liveAccounts.accountFor(c.userId)).toBeUndefined();
      const w = remember(await walletWithApiKey(sim));
      await fund(sim, w.address, 50_000_000);
      const imported = (await (await post(c, importBody(w, 0))).json()) as ImportJson;
      const account = await h.deps.credentials.liveAccounts.accountFor(c.userId);
      expect(account).toEqual({ credentialId: imported.credential.id, walletType: 0, signerAddress: w.address, funderAddress: w.address });
      let seen: Uint8Array | undefined;
      const apiKey = await h.deps.credentials.liveAccounts.withSecrets(account!, async (s) => {
        seen = s.privateKey;
        expect(Buffer.from(s.privateKey).toString('hex')).toBe(w.privateKey.slice(2));
        return s.apiKey;
      });
      expect(apiKey).toBe(w.creds.key);
      expect(seen!.every((x) => x === 0)).toBe(true);
    });

    test('no plaintext secret in the database dump, the logs, the audit log, or any listing', async () => {
      expect(secrets.length).toBeGreaterThan(20);
      const audit = JSON.stringify(await auditRows(h));
      const listing = JSON.stringify([await list(a), await list(b)]);
      const haystacks: Array<[string, string]> = [['logs', logs], ['audit', audit], ['listing', listing]];
      if (h.database.url !== undefined) haystacks.push(['pg_dump', execFileSync('pg_dump', ['--data-only', h.database.url], { maxBuffer: 64 << 20 }).toString('latin1')]);
      for (const secret of secrets) {
        for (const form of secretForms(secret)) {
          for (const [name, text] of haystacks) expect({ name, found: text.includes(form) }).toEqual({ name, found: false });
        }
      }
      if (h.database.url !== undefined) expect(haystacks.at(-1)![1]).toContain('pmc1.test-1.');
    });

    describe('authorization', () => {
      let fixture: AuthzFixture;
      beforeAll(async () => {
        const leaving = await signUp(h, 'cred-leaving');
        await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
        const owner = await signUp(h, 'cred-owner');
        const other = await signUp(h, 'cred-other');
        const w = await walletWithApiKey(sim);
        const imported = (await (await post(owner, importBody(w, 0))).json()) as ImportJson;
        crossUserImport = importBody(await walletWithApiKey(sim), 0);
        fixture = { request: (p, init) => h.request(p, init), owner: { userId: owner.userId, token: owner.token }, other: { userId: other.userId, token: other.token }, resourceId: imported.credential.id, staleToken: leaving.token, browserSession };
      }, 60_000);
      authorizationSuite(() => fixture, routes);
    });
  });
}
