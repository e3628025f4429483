import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ClobClient, Side, SignatureTypeV2 } from '@polymarket/clob-client-v2';
import { createPublicClient, createTestClient, http, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { startAnvil, type AnvilInstance } from '@polymancer/local-chain';
import { admin, emptyMarket, startSim, trader, type Harness } from './harness.ts';

let anvil: AnvilInstance | undefined;
let rpcUrl = '';
let h: Harness;

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31337 });
  rpcUrl = anvil.rpcUrl;
  h = await startSim({ rpcUrl, confirmations: 3, settlementPollMs: 0 });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  anvil?.stop();
});

describe('settlement on anvil', () => {
  test('a matched trade’s transaction has a real receipt; MINED then CONFIRMED as blocks pile up; a reorg is observed', async () => {
    const chain = createPublicClient({ transport: http(rpcUrl) });
    const testClient = createTestClient({ mode: 'anvil', transport: http(rpcUrl) });
    const m = await emptyMarket(h.sim);
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '100000000' } });
    const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '100000000' });
    await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.SELL });
    const fill = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    const tradeId = fill.tradeIDs![0]!;
    const hash = fill.transactionsHashes![0]! as Hex;

    // Anvil answers eth_sendRawTransaction before its automined block is visible: wait for the receipt.
    const receipt = await chain.waitForTransactionReceipt({ hash, pollingInterval: 20, timeout: 10_000 });
    expect(receipt.status).toBe('success');
    await h.sim.pollSettlement();
    expect((await buyer.client.getTrades({ id: tradeId }))[0]).toMatchObject({ status: 'MINED', transaction_hash: hash });

    // Drop the block that holds the transaction: the trade goes back to RETRYING and is re-sent.
    await testClient.setAutomine(false);
    await testClient.request({ method: 'anvil_reorg', params: [1, []] } as never);
    await expect(chain.getTransactionReceipt({ hash })).rejects.toThrow();
    await h.sim.pollSettlement();
    expect((await buyer.client.getTrades({ id: tradeId }))[0]!.status).toBe('RETRYING');
    await testClient.mine({ blocks: 1 });
    await testClient.setAutomine(true);
    await h.sim.pollSettlement();
    const afterReorg = (await buyer.client.getTrades({ id: tradeId }))[0]!;
    expect(afterReorg.status).toBe('MINED');
    expect((await chain.getTransactionReceipt({ hash: afterReorg.transaction_hash as Hex })).status).toBe('success');

    await testClient.mine({ blocks: 3 });
    await h.sim.pollSettlement();
    expect((await buyer.client.getTrades({ id: tradeId }))[0]!.status).toBe('CONFIRMED');
  }, 30_000);

  test('a deposit wallet unknown to the registry is checked with isValidSignature on the chain', async () => {
    const testClient = createTestClient({ mode: 'anvil', transport: http(rpcUrl) });
    // Runtime code returning bytes4 0x1626ba7e (accept) or 0xffffffff (reject) to any call.
    const accepting = privateKeyToAddress(generatePrivateKey());
    const rejecting = privateKeyToAddress(generatePrivateKey());
    await testClient.setCode({ address: accepting, bytecode: '0x631626ba7e60e01b60005260206000f3' });
    await testClient.setCode({ address: rejecting, bytecode: '0x63ffffffff60e01b60005260206000f3' });
    const m = await emptyMarket(h.sim);
    const owner = await trader(h.sim, generatePrivateKey());
    const post = async (wallet: Hex) => {
      await admin(h.sim, `/_sim/wallets/${wallet}`, { collateral: '100000000' });
      const client = new ClobClient({ host: h.sim.url, chain: 137, signer: owner.wallet, creds: owner.creds, signatureType: SignatureTypeV2.POLY_1271, funderAddress: wallet });
      return client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    };
    expect(await post(accepting)).toMatchObject({ success: true, status: 'live' });
    expect(await post(rejecting)).toEqual({ error: 'invalid signature', status: 400 } as never);
  });
});
