import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { AssetType, ClobClient, OrderType, Side, SignatureTypeV2 } from '@polymarket/clob-client-v2';
import { createWalletClient, encodeFunctionData, http, maxUint256, parseEther, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startAnvil, type AnvilInstance, type LocalChain } from '@polymancer/local-chain';
import { admin, emptyMarket, startSim, trader, type Harness } from './harness.ts';

let anvil: AnvilInstance;
let h: Harness;
let chain: LocalChain;
const ZERO32: Hex = `0x${'0'.repeat(64)}`;

beforeAll(async () => {
  anvil = await startAnvil();
  const started = performance.now();
  h = await startSim({ rpcUrl: anvil.rpcUrl, confirmations: 1 });
  console.log(`chain-mode start (deploy + market maker funding): ${Math.round(performance.now() - started)} ms`);
  chain = h.sim.localChain!;
}, 180_000);
afterAll(async () => {
  await h?.stop();
  anvil?.stop();
});

async function userCall(key: Hex, to: Address, contract: Parameters<LocalChain['abi']>[0], functionName: string, args: readonly unknown[]) {
  const wallet = createWalletClient({ account: privateKeyToAccount(key), transport: http(anvil.rpcUrl) });
  const hash = await wallet.sendTransaction({ chain: null, to, data: encodeFunctionData({ abi: chain.abi(contract), functionName, args } as never) });
  const receipt = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  expect(receipt.status).toBe('success');
}

describe('the local exchange on a chain', () => {
  test('GET /_sim/chain names the chain and the contracts at Polygon’s addresses', async () => {
    const info = await fetch(`${h.sim.url}/_sim/chain`).then((r) => r.json());
    expect(info).toMatchObject({ rpcUrl: anvil.rpcUrl, chainId: 137, contracts: { pusd: '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB', exchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B' } });
  });

  test('balances and allowances are the chain’s: funding mints real pUSD, a transfer or revoked approval on chain shows at once', async () => {
    const key = generatePrivateKey();
    const t = await trader(h.sim, key, { collateral: '40000000' });
    const addr = t.address as Address;
    expect(await chain.pusdBalance(addr)).toBe(40_000_000n);
    const read = () => t.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(await read()).toMatchObject({ balance: '40000000', allowances: { [chain.contracts.exchangeV2]: maxUint256.toString() } });

    await chain.setGas(addr, parseEther('1'));
    await userCall(key, chain.contracts.pusd, 'TestToken', 'transfer', [chain.admin, 15_000_000n]);
    expect((await read()).balance).toBe('25000000');
    await userCall(key, chain.contracts.pusd, 'TestToken', 'approve', [chain.contracts.exchangeV2, 0n]);
    expect((await t.client.updateBalanceAllowance({ asset_type: AssetType.COLLATERAL }), (await read()).allowances)).toMatchObject({ [chain.contracts.exchangeV2]: '0' });
    const m = await emptyMarket(h.sim);
    const refused = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    expect(refused).toMatchObject({ status: 400 });
    expect(String((refused as { error?: string }).error)).toContain('not enough balance / allowance');
  }, 60_000);

  test('a trade settles on chain through the exchange contract: tokens and pUSD move, the hash has a receipt', async () => {
    const m = await emptyMarket(h.sim, { feeRate: '0.02' });
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '20000000' } });
    const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '50000000' });
    await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.4, size: 20, side: Side.SELL });
    const fill = await buyer.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 4, side: Side.BUY, orderType: OrderType.FOK });
    expect(fill).toMatchObject({ success: true, status: 'matched' });
    const hash = fill.transactionsHashes![0]! as Hex;
    const receipt = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    expect(receipt.status).toBe('success');
    expect(receipt.to?.toLowerCase()).toBe(chain.contracts.exchangeV2.toLowerCase());
    const shares = await chain.tokenBalance(buyer.address as Address, BigInt(m.yes));
    expect(shares).toBe(10_000_000n);
    const fee = 50_000_000n - 4_000_000n - (await chain.pusdBalance(buyer.address as Address));
    expect(fee).toBeGreaterThan(0n); // the taker fee went to the operator on chain
    expect(await chain.pusdBalance(seller.address as Address)).toBe(4_000_000n);
    expect(await chain.tokenBalance(seller.address as Address, BigInt(m.yes))).toBe(10_000_000n);
    const view = await buyer.client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: m.yes });
    expect(view.balance).toBe('10000000');
  }, 60_000);

  test('complementary buys mint a pair on chain through the adapter', async () => {
    const m = await emptyMarket(h.sim);
    const a = await trader(h.sim, generatePrivateKey(), { collateral: '20000000' });
    const b = await trader(h.sim, generatePrivateKey(), { collateral: '20000000' });
    await a.client.createAndPostOrder({ tokenID: m.yes, price: 0.6, size: 10, side: Side.BUY });
    const fill = await b.client.createAndPostOrder({ tokenID: m.no, price: 0.4, size: 10, side: Side.BUY });
    expect(fill).toMatchObject({ success: true, status: 'matched' });
    await chain.client.waitForTransactionReceipt({ hash: fill.transactionsHashes![0]! as Hex, pollingInterval: 20 });
    expect(await chain.tokenBalance(a.address as Address, BigInt(m.yes))).toBe(10_000_000n);
    expect(await chain.tokenBalance(b.address as Address, BigInt(m.no))).toBe(10_000_000n);
    expect(await chain.pusdBalance(a.address as Address)).toBe(14_000_000n);
    expect(await chain.pusdBalance(b.address as Address)).toBe(16_000_000n);
  }, 60_000);

  test('a deposit wallet deployed on chain trades with POLY_1271 (ERC-1271 checked on chain); after resolution it redeems gasless through the adapter', async () => {
    const ownerKey = generatePrivateKey();
    const owner = privateKeyToAccount(ownerKey);
    const wallet = await chain.deployDepositWallet(owner.address);
    const m = await emptyMarket(h.sim);
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '10000000' } });
    await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.SELL });
    const session = await trader(h.sim, ownerKey);
    await admin(h.sim, `/_sim/wallets/${wallet}`, { collateral: '30000000' });
    const client = new ClobClient({ host: h.sim.url, chain: 137, signer: session.wallet, creds: session.creds, signatureType: SignatureTypeV2.POLY_1271, funderAddress: wallet });
    const fill = await client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    expect(fill).toMatchObject({ success: true, status: 'matched' });
    await chain.client.waitForTransactionReceipt({ hash: fill.transactionsHashes![0]! as Hex, pollingInterval: 20 });
    expect(await chain.tokenBalance(wallet, BigInt(m.yes))).toBe(10_000_000n);

    expect((await admin(h.sim, `/_sim/markets/${m.conditionId}/resolve`, { winner: m.yes })).status).toBe(200);
    expect((await admin(h.sim, `/_sim/wallets/${wallet}/redeem`, { conditionId: m.conditionId })).status).toBe(409);
    // The owner signs a Batch; the chain admin relays it, so the owner needs no POL.
    const redeem = encodeFunctionData({ abi: chain.abi('CollateralAdapter'), functionName: 'redeemPositions', args: [chain.contracts.pusd, ZERO32, m.conditionId, [1n, 2n]] } as never);
    const calls = [{ target: chain.contracts.ctfCollateralAdapter, value: 0n, data: redeem }];
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 300);
    const signature = await owner.signTypedData({
      domain: { name: 'DepositWallet', version: '1', chainId: 137, verifyingContract: wallet },
      types: {
        Batch: [
          { name: 'wallet', type: 'address' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
          { name: 'calls', type: 'Call[]' },
        ],
        Call: [
          { name: 'target', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'data', type: 'bytes' },
        ],
      },
      primaryType: 'Batch',
      message: { wallet, nonce: 0n, deadline, calls },
    });
    await chain.sendAndWait(wallet, 'DepositWallet', 'executeBatch', [calls, deadline, signature]);
    expect(await chain.tokenBalance(wallet, BigInt(m.yes))).toBe(0n);
    expect(await chain.pusdBalance(wallet)).toBe(35_000_000n); // 25 left after buying, + 10 winning shares × 1 pUSD
    const view = await client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(view.balance).toBe('35000000');
  }, 60_000);
});
