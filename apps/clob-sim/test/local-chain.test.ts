import { afterAll, beforeAll, expect, test } from 'bun:test';
import { ClobClient, createL1Headers, OrderType } from '@polymarket/clob-client-v2';
import { generatePrivateKey } from 'viem/accounts';
import { admin, emptyMarket, startSim, walletFor, type Harness } from './harness.ts';
import { signCustomOrder } from './sign.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim({ chainId: 31337 });
});
afterAll(() => h.stop());

type AnyOrder = Parameters<ClobClient['postOrder']>[0];

test('on a local chain id, keys and orders are verified for that chain (Polygon’s exchange addresses)', async () => {
  const m = await emptyMarket(h.sim);
  const wallet = walletFor(generatePrivateKey());
  const headers = (await createL1Headers(wallet, 31337 as never, 0)) as unknown as Record<string, string>;
  const created = await fetch(`${h.sim.url}/auth/api-key`, { method: 'POST', headers }).then((r) => r.json());
  const creds = { key: created.apiKey, secret: created.secret, passphrase: created.passphrase };
  expect(creds.key).toMatch(/^[0-9a-f-]{36}$/);
  const polygonHeaders = (await createL1Headers(wallet, 137, 1)) as unknown as Record<string, string>;
  expect((await fetch(`${h.sim.url}/auth/api-key`, { method: 'POST', headers: polygonHeaders })).status).toBe(401);

  await admin(h.sim, `/_sim/wallets/${wallet.account!.address}`, { collateral: '100000000' });
  // The official client signs only for 137 / 80002, so it posts what we signed for 31337.
  const client = new ClobClient({ host: h.sim.url, chain: 137, signer: wallet, creds });
  const local = await signCustomOrder(wallet, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY', chainId: 31337 });
  expect(await client.postOrder(local as unknown as AnyOrder, OrderType.GTC)).toMatchObject({ success: true, status: 'live' });
  const polygon = await signCustomOrder(wallet, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY', chainId: 137 });
  expect(await client.postOrder(polygon as unknown as AnyOrder, OrderType.GTC)).toEqual({ error: 'invalid signature', status: 400 } as never);
});
