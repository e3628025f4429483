import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { AssetType, ClobClient, createL1Headers } from '@polymarket/clob-client-v2';
import { hmacSignature } from '../src/auth/l2.ts';
import { startSim, TEST_KEYS, trader, walletFor, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim();
});
afterAll(() => h.stop());

const UNAUTHORIZED = { error: 'Unauthorized/Invalid api key', status: 401 };

describe('L1: API keys', () => {
  test('creates a key once, derives the same credentials, and refuses a second create', async () => {
    const client = new ClobClient({ host: h.sim.url, chain: 137, signer: walletFor(TEST_KEYS[0]!) });
    const created = await client.createApiKey(5);
    expect(created.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await client.deriveApiKey(5)).toEqual(created);
    const again = await client.createApiKey(5);
    expect(again.key).toBeUndefined();
    expect(await client.createOrDeriveApiKey(5)).toEqual(created);
    const other = await client.createApiKey(6);
    expect(other.key).not.toBe(created.key);
  });

  test('refuses to derive a key that was never created', async () => {
    const client = new ClobClient({ host: h.sim.url, chain: 137, signer: walletFor(TEST_KEYS[1]!) });
    const res = (await client.deriveApiKey(99)) as unknown as Record<string, unknown>;
    expect(res['key']).toBeUndefined();
    const raw = await fetch(`${h.sim.url}/auth/derive-api-key`, { headers: {} });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ error: 'Invalid L1 Request headers' });
  });

  test('refuses L1 headers signed for another chain with 401 Invalid L1 Request headers', async () => {
    const res = await fetch(`${h.sim.url}/auth/api-key`, {
      method: 'POST',
      headers: (await createL1Headers(walletFor(TEST_KEYS[2]!), 80002, 0)) as unknown as Record<string, string>,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Invalid L1 Request headers' });
  });

  test('lists and deletes keys with L2 auth; a deleted key no longer authenticates', async () => {
    const t = await trader(h.sim, TEST_KEYS[3]!, {}, 1);
    const list = await t.client.getApiKeys();
    expect(list.apiKeys).toContain(t.creds.key as never);
    await t.client.deleteApiKey();
    expect(await t.client.getApiKeys()).toEqual(UNAUTHORIZED as never);
  });

  test('creates, lists, validates and deletes read-only keys', async () => {
    const t = await trader(h.sim, TEST_KEYS[3]!, {}, 2);
    const { apiKey } = await t.client.createReadonlyApiKey();
    expect(await t.client.getReadonlyApiKeys()).toEqual([apiKey]);
    const valid = await fetch(`${h.sim.url}/auth/validate-readonly-api-key?address=${t.address}&key=${apiKey}`).then((r) => r.json());
    expect(valid).toBe(true);
    expect(await t.client.deleteReadonlyApiKey(apiKey)).toBe(true);
    expect(await t.client.getReadonlyApiKeys()).toEqual([]);
  });
});

describe('L2: HMAC, key, passphrase, address, freshness', () => {
  test('accepts requests with query strings signed over the bare path', async () => {
    const t = await trader(h.sim, TEST_KEYS[0]!, { collateral: '5000000' });
    expect(await t.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).toMatchObject({ balance: '5000000' });
    expect(await t.client.getClosedOnlyMode()).toEqual({ closed_only: false });
  });

  test('refuses an unknown key, a wrong passphrase and a bad HMAC with 401', async () => {
    const t = await trader(h.sim, TEST_KEYS[0]!);
    const signer = walletFor(TEST_KEYS[0]!);
    const withCreds = (creds: typeof t.creds) => new ClobClient({ host: h.sim.url, chain: 137, signer, creds });
    expect(await withCreds({ ...t.creds, key: '00000000-0000-4000-8000-000000000000' }).getClosedOnlyMode()).toEqual(UNAUTHORIZED as never);
    expect(await withCreds({ ...t.creds, passphrase: 'wrong' }).getClosedOnlyMode()).toEqual(UNAUTHORIZED as never);
    expect(await withCreds({ ...t.creds, secret: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }).getClosedOnlyMode()).toEqual(UNAUTHORIZED as never);
  });

  test('refuses a key used from another address', async () => {
    const t = await trader(h.sim, TEST_KEYS[0]!);
    const other = new ClobClient({ host: h.sim.url, chain: 137, signer: walletFor(TEST_KEYS[1]!), creds: t.creds });
    expect(await other.getClosedOnlyMode()).toEqual(UNAUTHORIZED as never);
  });

  test('refuses a body that differs from the signed one', async () => {
    const t = await trader(h.sim, TEST_KEYS[0]!);
    const ts = String(Math.floor(h.clock.now().getTime() / 1000));
    const signedBody = JSON.stringify({ orderID: '0x01' });
    const headers = {
      POLY_ADDRESS: t.address,
      POLY_SIGNATURE: hmacSignature(t.creds.secret, ts, 'DELETE', '/order', signedBody),
      POLY_TIMESTAMP: ts,
      POLY_API_KEY: t.creds.key,
      POLY_PASSPHRASE: t.creds.passphrase,
    };
    const good = await fetch(`${h.sim.url}/order`, { method: 'DELETE', headers, body: signedBody });
    expect(good.status).toBe(200);
    const tampered = await fetch(`${h.sim.url}/order`, { method: 'DELETE', headers, body: JSON.stringify({ orderID: '0x02' }) });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({ error: 'Unauthorized/Invalid api key' });
  });

  test('refuses a stale timestamp', async () => {
    const t = await trader(h.sim, TEST_KEYS[0]!);
    h.clock.advance(10 * 60_000);
    try {
      expect(await t.client.getClosedOnlyMode()).toEqual(UNAUTHORIZED as never);
    } finally {
      h.clock.advance(-10 * 60_000);
    }
    expect(await t.client.getClosedOnlyMode()).toEqual({ closed_only: false });
  });

  test('reproduces the documented HMAC vectors', () => {
    const secret = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    expect(hmacSignature(secret, '1000000', 'test-sign', '/orders', '{"hash": "0x123"}')).toBe('ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc=');
    expect(hmacSignature(secret, '1700000000', 'GET', '/data/orders', undefined)).toBe('m6lGS9WyES7JjpAYNd7zIdW5bfHxAAI_pIa1St9vLO4=');
  });
});
