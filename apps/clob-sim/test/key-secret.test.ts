/**
 * API keys are derived under a secret nobody else knows: credentials computed from the old public seed
 * (`polymancer-clob-sim-<seed>`) do not authenticate, while the same address and nonce still give the same
 * key under the same secret (what `start` and `sim` keep in the data folder), as Polymarket's keys do.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { ClobClient } from '@polymarket/clob-client-v2';
import { ApiKeyStore } from '../src/state/api-keys.ts';
import { startSim, TEST_KEYS, trader, walletFor, type Harness } from './harness.ts';

const UNAUTHORIZED = { error: 'Unauthorized/Invalid api key', status: 401 };
const started: Harness[] = [];
const sim = async (options: Parameters<typeof startSim>[0] = {}) => {
  const h = await startSim(options);
  started.push(h);
  return h;
};
afterAll(async () => {
  await Promise.all(started.map((h) => h.stop()));
});

describe('API key secret', () => {
  test('credentials computed from the public seed do not authenticate', async () => {
    const h = await sim({ seed: 7 });
    const t = await trader(h.sim, TEST_KEYS[0]!, {}, 0);
    expect(await t.client.getClosedOnlyMode()).toEqual({ closed_only: false });
    const forged = new ApiKeyStore('polymancer-clob-sim-7').credentialsFor(t.address, '0');
    expect(forged.key).not.toBe(t.creds.key);
    const attacker = new ClobClient({ host: h.sim.url, chain: 137, signer: walletFor(TEST_KEYS[0]!), creds: { key: forged.key, secret: forged.secret, passphrase: forged.passphrase } });
    expect(await attacker.getClosedOnlyMode()).toEqual(UNAUTHORIZED as never);
    expect(await attacker.getApiKeys()).toEqual(UNAUTHORIZED as never);
  });

  test('two exchanges without a configured secret issue different keys for the same address and nonce', async () => {
    const [a, b] = [await sim(), await sim()];
    const signer = walletFor(TEST_KEYS[1]!);
    const fromA = await new ClobClient({ host: a.sim.url, chain: 137, signer }).createApiKey(3);
    const fromB = await new ClobClient({ host: b.sim.url, chain: 137, signer }).createApiKey(3);
    expect(fromA.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(fromB.key).not.toBe(fromA.key);
  });

  test('the same secret gives the same key for the same address and nonce (a restart keeps keys valid)', async () => {
    const secret = 'c2VjcmV0LWZvci10ZXN0cy1vbmx5LTAxMjM0NTY3ODk';
    const [a, b, other] = [await sim({ keySecret: secret }), await sim({ keySecret: secret }), await sim({ keySecret: `${secret}x` })];
    const signer = walletFor(TEST_KEYS[2]!);
    const client = (h: Harness) => new ClobClient({ host: h.sim.url, chain: 137, signer });
    const fromA = await client(a).createApiKey(4);
    expect(await client(b).createApiKey(4)).toEqual(fromA);
    expect(await client(b).deriveApiKey(4)).toEqual(fromA);
    expect((await client(other).createApiKey(4)).key).not.toBe(fromA.key);
    expect((await client(a).createApiKey(5)).key).not.toBe(fromA.key);
    // The credentials issued by the first exchange authenticate on the second (same secret).
    const onB = new ClobClient({ host: b.sim.url, chain: 137, signer, creds: fromA });
    expect(await onB.getClosedOnlyMode()).toEqual({ closed_only: false });
  });
});
