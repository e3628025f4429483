/**
 * Import step 4 against a chain (anvil with the local Polymarket contracts, read block-pinned): every
 * warning — pUSD under 10, USDC.e waiting to be wrapped, missing pUSD allowances and CTF approvals,
 * gas under 0.1 POL for an EOA — returned with what to do, and none once the wallet is ready.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createChainReader, createChainWalletState } from '@polymancer/polymarket';
import type { ClobSim } from '@polymancer/clob-sim';
import { deployLocalChain, startAnvil, type AnvilInstance, type LocalChain } from '@polymancer/local-chain';
import { parseEther, type Address } from 'viem';
import { bearer, json, signUp } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { importBody, startExchange, walletWithApiKey } from './credential-helpers.ts';

describe('credential import warnings read from the chain', () => {
  let anvil: AnvilInstance;
  let chain: LocalChain;
  let sim: ClobSim;
  let h: ApiHarness;

  beforeAll(async () => {
    anvil = await startAnvil();
    chain = await deployLocalChain({ rpcUrl: anvil.rpcUrl });
    sim = await startExchange();
    h = await createApiHarness('pglite', {}, { exchangeUrl: sim.url, wallets: createChainWalletState(createChainReader({ rpcUrl: anvil.rpcUrl })) });
  }, 180_000);
  afterAll(async () => {
    await h?.dispose();
    await sim?.stop();
    await anvil?.stop();
  });

  test('an EOA with 5 pUSD, 3 USDC.e unwrapped, no approvals and 0.05 POL gets every warning; a ready one none', async () => {
    const user = await signUp(h, 'chain-warn');
    const w = await walletWithApiKey(sim);
    const address = w.address as Address;
    await chain.fundPusd(address, 5_000_000n);
    await chain.fundUsdce(address, 3_000_000n);
    await chain.setGas(address, parseEther('0.05'));
    const res = await h.request('/api/v1/credentials', bearer(user.token, json(importBody(w, 0))));
    expect(res.status).toBe(201);
    const { warnings, credential } = (await res.json()) as { warnings: Array<{ code: string; message: string }>; credential: { id: string } };
    const count = (code: string) => warnings.filter((x) => x.code === code).length;
    expect([count('pusd_low'), count('usdce_unwrapped'), count('approval_missing'), count('gas_low')]).toEqual([1, 1, 9, 1]);
    expect(warnings.find((x) => x.code === 'usdce_unwrapped')?.message).toContain('3.00 USDC.e');
    expect(warnings.find((x) => x.code === 'gas_low')?.message).toContain('0.1 POL');
    expect(warnings.some((x) => x.message.includes('CTF Collateral Adapter'))).toBe(true);
    expect((await h.request(`/api/v1/credentials/${credential.id}`, bearer(user.token, { method: 'DELETE' }))).status).toBe(200);

    await chain.fundPusd(address, 20_000_000n);
    await chain.setGas(address, parseEther('1'));
    await chain.approveTrading(address);
    const usdce = await chain.read(chain.contracts.usdce, 'TestToken', 'balanceOf', [address]);
    expect(usdce).toBe(3_000_000n);
    const ready = (await (await h.request('/api/v1/credentials', bearer(user.token, json(importBody(w, 0))))).json()) as { warnings: Array<{ code: string }> };
    expect(ready.warnings.map((x) => x.code)).toEqual(['usdce_unwrapped']);
  }, 60_000);
});
