import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createWalletClient, encodeFunctionData, hashTypedData, http, maxUint256, parseEther, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ClobClient, Side, SignatureTypeV2 } from '@polymarket/clob-client-v2';
import { createChainReader } from '@polymancer/polymarket';
import { deployLocalChain, startAnvil, type AnvilInstance, type LocalChain } from '../src/index.ts';

let anvil: AnvilInstance;
let chain: LocalChain;
const conditionId: Hex = `0x${'ab'.repeat(32)}`;
const YES = 1111n;
const NO = 2222n;
const ZERO32: Hex = `0x${'0'.repeat(64)}`;

beforeAll(async () => {
  anvil = await startAnvil();
  chain = await deployLocalChain({ rpcUrl: anvil.rpcUrl });
  await chain.prepareMarket(conditionId, YES, NO);
}, 120_000);
afterAll(() => anvil?.stop());

function userWallet(key: Hex) {
  return createWalletClient({ account: privateKeyToAccount(key), transport: http(anvil.rpcUrl) });
}

async function call(key: Hex, to: Address, contract: Parameters<LocalChain['abi']>[0], functionName: string, args: readonly unknown[]) {
  const hash = await userWallet(key).sendTransaction({ chain: null, to, data: encodeFunctionData({ abi: chain.abi(contract), functionName, args } as never) });
  return chain.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
}

describe('the local chain', () => {
  test('pUSD is USDC.e wrapped through the ramp, 6 decimals, at Polygon’s addresses; the reader sees balances, allowances, approvals and gas', async () => {
    const key = generatePrivateKey();
    const user = privateKeyToAccount(key).address;
    await chain.fundPusd(user, 25_000_000n);
    await chain.fundUsdce(user, 3_000_000n);
    await chain.setGas(user, parseEther('0.05'));
    expect(await chain.read(chain.contracts.pusd, 'TestToken', 'decimals')).toBe(6);
    expect(await chain.read(chain.contracts.pusd, 'TestToken', 'symbol')).toBe('pUSD');

    const reader = createChainReader({ rpcUrl: anvil.rpcUrl });
    const before = await reader.readWallet(user, { tokenIds: [YES.toString()], gasPayer: user });
    expect(before).toMatchObject({ chainId: 137, hasCode: false, pusdMicros: 25_000_000n, usdceMicros: 3_000_000n, gasPayerWei: parseEther('0.05') });
    expect(Object.values(before.pusdAllowances).every((a) => a === 0n)).toBe(true);
    expect(Object.values(before.ctfApprovals).some(Boolean)).toBe(false);
    expect(before.tokenMicros[YES.toString()]).toBe(0n);

    // The user wraps its USDC.e itself (pays gas), and the admin sets the trading approvals.
    await call(key, chain.contracts.usdce, 'TestToken', 'approve', [chain.contracts.collateralOnramp, 3_000_000n]);
    await call(key, chain.contracts.collateralOnramp, 'CollateralRamp', 'wrap', [chain.contracts.usdce, user, 3_000_000n]);
    await chain.approveTrading(user);
    await chain.mintTokens(user, conditionId, YES, 7_000_000n);
    const after = await reader.readWallet(user, { tokenIds: [YES.toString(), NO.toString()] });
    expect(after).toMatchObject({ pusdMicros: 28_000_000n, usdceMicros: 0n, gasPayerWei: undefined });
    expect(after.pusdAllowances).toEqual({ exchangeV2: maxUint256, negRiskExchangeV2: maxUint256, exchangeV3: maxUint256, ctfCollateralAdapter: maxUint256, negRiskCtfCollateralAdapter: maxUint256 });
    expect(after.ctfApprovals).toEqual({ exchangeV2: true, negRiskExchangeV2: true, ctfCollateralAdapter: true, negRiskCtfCollateralAdapter: true });
    expect(after.tokenMicros).toEqual({ [YES.toString()]: 7_000_000n, [NO.toString()]: 0n });
    expect(after.blockNumber).toBeGreaterThan(before.blockNumber);
  }, 60_000);

  test('split and merge through the collateral adapter; after resolution the adapter redeems for pUSD while raw CTF redeem with pUSD pays nothing', async () => {
    const key = generatePrivateKey();
    const user = privateKeyToAccount(key).address;
    const market: Hex = `0x${'cd'.repeat(32)}`;
    await chain.prepareMarket(market, 31n, 32n);
    await chain.fundPusd(user, 10_000_000n);
    await chain.setGas(user, parseEther('1'));
    await call(key, chain.contracts.pusd, 'TestToken', 'approve', [chain.contracts.ctfCollateralAdapter, maxUint256]);
    await call(key, chain.contracts.conditionalTokens, 'ConditionalTokens', 'setApprovalForAll', [chain.contracts.ctfCollateralAdapter, true]);
    await call(key, chain.contracts.ctfCollateralAdapter, 'CollateralAdapter', 'splitPosition', [chain.contracts.pusd, ZERO32, market, [1n, 2n], 6_000_000n]);
    expect(await chain.tokenBalance(user, 31n)).toBe(6_000_000n);
    expect(await chain.tokenBalance(user, 32n)).toBe(6_000_000n);
    expect(await chain.pusdBalance(user)).toBe(4_000_000n);
    await call(key, chain.contracts.ctfCollateralAdapter, 'CollateralAdapter', 'mergePositions', [chain.contracts.pusd, ZERO32, market, [1n, 2n], 1_000_000n]);
    expect(await chain.pusdBalance(user)).toBe(5_000_000n);

    await chain.resolve(market, [0n, 1n]);
    // The pitfall production users hit: raw CTF redeem keyed to pUSD burns nothing and pays nothing.
    await call(key, chain.contracts.conditionalTokens, 'ConditionalTokens', 'redeemPositions', [chain.contracts.pusd, ZERO32, market, [1n, 2n]]);
    expect(await chain.tokenBalance(user, 32n)).toBe(5_000_000n);
    expect(await chain.pusdBalance(user)).toBe(5_000_000n);
    await call(key, chain.contracts.ctfCollateralAdapter, 'CollateralAdapter', 'redeemPositions', [chain.contracts.pusd, ZERO32, market, [1n, 2n]]);
    expect(await chain.tokenBalance(user, 31n)).toBe(0n);
    expect(await chain.tokenBalance(user, 32n)).toBe(0n);
    expect(await chain.pusdBalance(user)).toBe(10_000_000n); // 5 pUSD left + 5 winning shares × 1 pUSD
  }, 60_000);

  test('a deposit wallet validates the official client’s POLY_1271 order signature by ERC-1271 and runs a relayed batch without owner gas', async () => {
    const ownerKey = generatePrivateKey();
    const owner = privateKeyToAccount(ownerKey);
    const wallet = await chain.deployDepositWallet(owner.address);
    expect(await chain.deployDepositWallet(owner.address)).toBe(wallet); // CREATE2: same address, deployed once
    expect(await createChainReader({ rpcUrl: anvil.rpcUrl }).readWallet(wallet)).toMatchObject({ hasCode: true });

    // Sign an order exactly as the official client does for a deposit wallet (ERC-7739 nested TypedDataSign).
    const signer = createWalletClient({ account: owner, transport: http(anvil.rpcUrl) });
    const client = new ClobClient({ host: 'http://127.0.0.1:9', chain: 137, signer, signatureType: SignatureTypeV2.POLY_1271, funderAddress: wallet });
    const tickSize = '0.01';
    (client as unknown as { tickSizes: Record<string, string>; negRisk: Record<string, boolean>; feeInfos: Record<string, unknown> }).tickSizes[YES.toString()] = tickSize;
    (client as unknown as { negRisk: Record<string, boolean> }).negRisk[YES.toString()] = false;
    (client as unknown as { feeInfos: Record<string, unknown> }).feeInfos[YES.toString()] = { rate: 0, exponent: 0 };
    const order = (await client.createOrder({ tokenID: YES.toString(), price: 0.5, size: 10, side: Side.BUY }, { tickSize, negRisk: false })) as unknown as Record<string, string | number>;
    const digest = hashTypedData({
      domain: { name: 'Polymarket CTF Exchange', version: '2', chainId: 137, verifyingContract: chain.contracts.exchangeV2 },
      types: {
        Order: [
          { name: 'salt', type: 'uint256' },
          { name: 'maker', type: 'address' },
          { name: 'signer', type: 'address' },
          { name: 'tokenId', type: 'uint256' },
          { name: 'makerAmount', type: 'uint256' },
          { name: 'takerAmount', type: 'uint256' },
          { name: 'side', type: 'uint8' },
          { name: 'signatureType', type: 'uint8' },
          { name: 'timestamp', type: 'uint256' },
          { name: 'metadata', type: 'bytes32' },
          { name: 'builder', type: 'bytes32' },
        ],
      },
      primaryType: 'Order',
      message: {
        salt: BigInt(order.salt!),
        maker: order.maker as Address,
        signer: order.signer as Address,
        tokenId: BigInt(order.tokenId!),
        makerAmount: BigInt(order.makerAmount!),
        takerAmount: BigInt(order.takerAmount!),
        side: order.side === 'SELL' || order.side === 1 ? 1 : 0,
        signatureType: Number(order.signatureType),
        timestamp: BigInt(order.timestamp!),
        metadata: order.metadata as Hex,
        builder: order.builder as Hex,
      },
    });
    expect((order.maker as string).toLowerCase()).toBe(wallet.toLowerCase());
    expect(await chain.read(wallet, 'DepositWallet', 'isValidSignature', [digest, order.signature])).toBe('0x1626ba7e');
    const other = await privateKeyToAccount(generatePrivateKey()).sign({ hash: digest });
    expect(await chain.read(wallet, 'DepositWallet', 'isValidSignature', [digest, other])).toBe('0xffffffff');
    expect(await chain.read(wallet, 'DepositWallet', 'isValidSignature', [digest, await owner.sign({ hash: digest })])).toBe('0x1626ba7e');

    // Gasless: the owner holds no POL; it signs a Batch and the admin (as relayer) submits it.
    await chain.fundPusd(wallet, 2_000_000n);
    const calls = [{ target: chain.contracts.pusd, value: 0n, data: encodeFunctionData({ abi: chain.abi('TestToken'), functionName: 'approve', args: [chain.contracts.exchangeV2, 123n] } as never) }];
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
    expect(await chain.pusdAllowance(wallet, chain.contracts.exchangeV2)).toBe(123n);
    expect(await chain.client.getBalance({ address: owner.address })).toBe(0n);
    // Replaying the same signed batch fails: the nonce moved.
    await expect(chain.sendAndWait(wallet, 'DepositWallet', 'executeBatch', [calls, deadline, signature])).rejects.toThrow();
  }, 60_000);

  test('the exchange contract settles a trade: swap, pair mint through the adapter, fee to the operator, only once', async () => {
    const [a, b] = [privateKeyToAccount(generatePrivateKey()).address, privateKeyToAccount(generatePrivateKey()).address];
    const market: Hex = `0x${'ef'.repeat(32)}`;
    await chain.prepareMarket(market, 41n, 42n);
    for (const who of [a, b]) {
      await chain.fundPusd(who, 10_000_000n);
      await chain.approveTrading(who);
    }
    // Complementary BUYs cross: a pays 0.60 × 5, b pays 0.40 × 5, the pair is minted and split between them.
    const tradeId: Hex = `0x${'01'.repeat(32)}`;
    const moves = [
      { kind: 'pusd', from: a, to: chain.contracts.exchangeV2, amount: 3_000_000n },
      { kind: 'pusd', from: b, to: chain.contracts.exchangeV2, amount: 2_000_000n },
      { kind: 'split', conditionId: market, amount: 5_000_000n },
      { kind: 'token', from: chain.contracts.exchangeV2, to: a, tokenId: 41n, amount: 5_000_000n },
      { kind: 'token', from: chain.contracts.exchangeV2, to: b, tokenId: 42n, amount: 5_000_000n },
      { kind: 'pusd', from: a, to: chain.admin, amount: 10_000n },
    ] as const;
    const hash = await chain.settle(chain.contracts.exchangeV2, tradeId, moves);
    expect((await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 20 })).status).toBe('success');
    expect(await chain.tokenBalance(a, 41n)).toBe(5_000_000n);
    expect(await chain.tokenBalance(b, 42n)).toBe(5_000_000n);
    expect(await chain.pusdBalance(a)).toBe(6_990_000n);
    expect(await chain.pusdBalance(b)).toBe(8_000_000n);
    const again = await chain.settle(chain.contracts.exchangeV2, tradeId, moves);
    expect((await chain.client.waitForTransactionReceipt({ hash: again, pollingInterval: 20 })).status).toBe('reverted');
  }, 60_000);
});
