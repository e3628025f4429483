/**
 * Redemption end to end: the local exchange in chain mode on anvil (balances, trade settlement and
 * resolution on chain), a live bot buying through the official client, the market resolved, then the
 * redemption pass — an EOA redeems with its own transaction (pays gas); a deposit wallet's owner signs
 * a batch, a proxy wallet's owner a GSN relay request for the proxy-wallet factory, a Safe's owner an
 * `execTransaction`, and a relayer sends it (the owner holds no POL) — through the collateral adapter. The bot's ledger
 * records the proceeds as a settlement carrying the transaction hash and its live balance rises; a
 * second pass changes nothing. Crash points: the pass dies after committing the signed payload, or
 * after sending it; the next pass sends the SAME payload and the chain runs exactly one redemption.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createRedemptionStore, schema } from '@polymancer/db';
import { startAnvil, type AnvilInstance, type LocalChain } from '@polymancer/local-chain';
import { createChainRedeemer, createSelfRelayer, LOCAL_WALLET_CONTRACTS, proxyWalletOf } from '@polymancer/polymarket';
import { and, eq } from 'drizzle-orm';
import { createTestClient, type Hex, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createRedemptions, type RedemptionFaultPoint, runTick } from '../src/index.ts';
import { type LiveHarness, startLive } from './live-harness.ts';
import { boughtAndResolved as boughtAndResolvedFor, type RedeemedWalletType, redemptionPasses } from './redemption-harness.ts';

/** Anvil's tenth default key: the relayer's gas key (never the local chain's admin, whose nonces it queues). */
const RELAYER_KEY: Hex = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';

/**
 * One suite per group of wallet types, each on its own anvil and exchange: the official client stamps its
 * L1 headers with the wall clock, and every test moves the injected clock on (past the market cache), so a
 * long suite would drift past the exchange's timestamp window.
 */
const suite = (label: string, types: readonly RedeemedWalletType[]) => describe(`live redemption on the local chain (pglite, anvil, local exchange over HTTP): ${label}`, () => {
  let anvil: AnvilInstance;
  let h: LiveHarness;
  let chain: LocalChain;
  const submitted: string[] = [];

  beforeAll(async () => {
    anvil = await startAnvil();
    h = await startLive('pglite', { rpcUrl: anvil.rpcUrl });
    chain = h.sim.localChain!;
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
    anvil?.stop();
  });

  const redemptions = (faultHook?: (p: RedemptionFaultPoint) => void, redeemerRpcUrl = anvil.rpcUrl, relayed = true) => {
    const deps = h.deps();
    return createRedemptions({
      store: createRedemptionStore(h.db),
      chain: createChainRedeemer({ rpcUrl: redeemerRpcUrl, walletContracts: LOCAL_WALLET_CONTRACTS, ...(relayed ? { relayer: createSelfRelayer({ rpcUrl: anvil.rpcUrl, gasKey: RELAYER_KEY }) } : {}), nowSecs: () => BigInt(Math.floor(h.clock.now().getTime() / 1000)) }),
      accounts: h.accounts,
      ticks: deps.store,
      marketData: deps.marketData,
      clock: h.clock,
      onSubmitted: async (tx) => void submitted.push(tx.txHash),
      ...(faultHook === undefined ? {} : { faultHook }),
    });
  };

  const passes = redemptionPasses;
  const boughtAndResolved = (userId: string, walletType: RedeemedWalletType) => boughtAndResolvedFor(h, userId, walletType);

  const settlementsOf = (botId: string) => h.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'settlement')));
  const redemptionOf = async (userId: string) => (await h.db.select().from(schema.redemptions).where(eq(schema.redemptions.userId, userId)))[0];

  const only = (type: RedeemedWalletType) => (types.includes(type) ? test : ((() => undefined) as unknown as typeof test));

  only(0)('an EOA redeems with its own transaction (paying gas); the ledger records the proceeds as a settlement with the hash; a second pass does nothing', async () => {
    const { m, botId, signer, balanceAfterBuy } = await boughtAndResolved('usr_rd_eoa', 0);
    // The live tick does not settle a resolved market in the ledger: the pUSD is not on the wallet yet.
    await runTick(h.deps(), { botId, tickKey: 'after-resolution' }, h.clock.now());
    expect(await settlementsOf(botId)).toHaveLength(0);

    const pusdBefore = await chain.pusdBalance(signer);
    const gasBefore = await chain.client.getBalance({ address: signer });
    const nonceBefore = await chain.client.getTransactionCount({ address: signer });
    expect(await passes(redemptions())).toMatchObject({ redeemed: 1, error: 0 });

    expect(await chain.tokenBalance(signer, BigInt(m.yes))).toBe(0n);
    expect(await chain.pusdBalance(signer)).toBe(pusdBefore + 20_000_000n);
    expect(await chain.client.getBalance({ address: signer })).toBeLessThan(gasBefore); // the EOA paid gas
    expect(await chain.client.getTransactionCount({ address: signer })).toBe(nonceBefore + 1);
    const row = await redemptionOf('usr_rd_eoa');
    expect(row).toMatchObject({ status: 'redeemed', walletType: 0, adapter: 'ctf', proceedsMicros: 20_000_000, creditedMicros: 20_000_000, attempts: 1 });
    const receipt = await chain.client.getTransactionReceipt({ hash: row!.txHash as Hex });
    expect(receipt.to?.toLowerCase()).toBe(chain.contracts.ctfCollateralAdapter.toLowerCase());
    expect(submitted).toContain(row!.txHash!);
    const [settlement] = await settlementsOf(botId);
    expect(settlement).toMatchObject({ type: 'live', status: 'executed', marketId: m.conditionId, tokenId: m.yes, amountMicros: 20_000_000, sharesMicros: 20_000_000, executionPriceMicros: 1_000_000, transactionHash: row!.txHash });
    const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
    expect(bot!.paperBalanceMicros).toBe(balanceAfterBuy + 20_000_000);
    const [position] = await h.db.select().from(schema.botPositions).where(eq(schema.botPositions.botId, botId));
    expect(position).toMatchObject({ sharesMicros: 0, settlementPriceMicros: 1_000_000 });
    expect(position!.settledAt).not.toBeNull();

    expect(await passes(redemptions())).toMatchObject({ redeemed: 0, error: 0 });
    expect(await chain.client.getTransactionCount({ address: signer })).toBe(nonceBefore + 1);
    expect(await settlementsOf(botId)).toHaveLength(1);
  }, 120_000);

  only(0)('a position market (ExchangeV3) is not redeemed through the CTF adapter, and its bot is never credited without the pUSD', async () => {
    const { botId, signer } = await boughtAndResolvedFor(h, 'usr_rd_position', 0, 'position');
    const nonceBefore = await chain.client.getTransactionCount({ address: signer });
    expect(await passes(redemptions())).toMatchObject({ position_market_unsupported: 1, redeemed: 0, error: 0 });
    expect(await redemptionOf('usr_rd_position')).toBeUndefined();
    expect(await chain.client.getTransactionCount({ address: signer })).toBe(nonceBefore);
    expect(await settlementsOf(botId)).toHaveLength(0);
  }, 120_000);

  only(3)('a deposit wallet redeems gasless: its owner signs a batch, the relayer pays; the owner holds no POL', async () => {
    const { m, botId, signer, funder, balanceAfterBuy } = await boughtAndResolved('usr_rd_dw', 3);
    expect(await chain.client.getBalance({ address: signer })).toBe(0n);
    const pusdBefore = await chain.pusdBalance(funder);
    expect(await passes(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    expect(await chain.tokenBalance(funder, BigInt(m.yes))).toBe(0n);
    expect(await chain.pusdBalance(funder)).toBe(pusdBefore + 20_000_000n);
    expect(await chain.client.getBalance({ address: signer })).toBe(0n);
    const row = await redemptionOf('usr_rd_dw');
    expect(row).toMatchObject({ status: 'redeemed', walletType: 3, walletAddress: funder, proceedsMicros: 20_000_000 });
    const receipt = await chain.client.getTransactionReceipt({ hash: row!.txHash as Hex });
    expect(receipt.from.toLowerCase()).toBe(privateKeyToAccount(RELAYER_KEY).address.toLowerCase());
    expect(receipt.to?.toLowerCase()).toBe(funder.toLowerCase());
    const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
    expect(bot!.paperBalanceMicros).toBe(balanceAfterBuy + 20_000_000);
    expect(await settlementsOf(botId)).toHaveLength(1);
  }, 120_000);

  only(1)('a proxy wallet redeems gasless: its owner signs a relay request, the relayer sends it through the RelayHub to the factory; the owner holds no POL', async () => {
    const { m, botId, signer, funder, balanceAfterBuy } = await boughtAndResolved('usr_rd_proxy', 1);
    expect(await chain.client.getBalance({ address: signer })).toBe(0n);
    expect(await chain.client.getCode({ address: funder })).toBeUndefined(); // created by the factory on the owner's first call
    const pusdBefore = await chain.pusdBalance(funder);
    expect(await passes(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    expect(await chain.tokenBalance(funder, BigInt(m.yes))).toBe(0n);
    expect(await chain.pusdBalance(funder)).toBe(pusdBefore + 20_000_000n);
    expect(await chain.pusdBalance(signer)).toBe(0n);
    expect(await chain.client.getBalance({ address: signer })).toBe(0n);
    expect(await chain.read<bigint>(chain.walletContracts.relayHub, 'RelayHub', 'getNonce', [signer])).toBe(1n);
    const row = await redemptionOf('usr_rd_proxy');
    expect(row).toMatchObject({ status: 'redeemed', walletType: 1, walletAddress: funder, adapter: 'ctf', proceedsMicros: 20_000_000, creditedMicros: 20_000_000, attempts: 1 });
    expect(row!.signedPayload).toMatchObject({ kind: 'proxy_relay', from: signer, to: chain.walletContracts.proxyWalletFactory, nonce: '0' });
    const receipt = await chain.client.getTransactionReceipt({ hash: row!.txHash as Hex });
    expect(receipt.from.toLowerCase()).toBe(privateKeyToAccount(RELAYER_KEY).address.toLowerCase());
    expect(receipt.to?.toLowerCase()).toBe(chain.walletContracts.relayHub.toLowerCase());
    expect(submitted).toContain(row!.txHash!);
    const [settlement] = await settlementsOf(botId);
    expect(settlement).toMatchObject({ type: 'live', marketId: m.conditionId, tokenId: m.yes, amountMicros: 20_000_000, sharesMicros: 20_000_000, executionPriceMicros: 1_000_000, transactionHash: row!.txHash });
    const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
    expect(bot!.paperBalanceMicros).toBe(balanceAfterBuy + 20_000_000);
    expect(await passes(redemptions())).toMatchObject({ redeemed: 0, error: 0 });
    expect(await settlementsOf(botId)).toHaveLength(1);
  }, 120_000);

  only(2)('a Safe redeems gasless: its owner signs the SafeTx (eth_sign, v + 4), the relayer sends execTransaction; the owner holds no POL', async () => {
    const { m, botId, signer, funder, balanceAfterBuy } = await boughtAndResolved('usr_rd_safe', 2);
    expect(await chain.client.getBalance({ address: signer })).toBe(0n);
    const pusdBefore = await chain.pusdBalance(funder);
    expect(await passes(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    expect(await chain.tokenBalance(funder, BigInt(m.yes))).toBe(0n);
    expect(await chain.pusdBalance(funder)).toBe(pusdBefore + 20_000_000n);
    expect(await chain.client.getBalance({ address: signer })).toBe(0n);
    expect(await chain.read<bigint>(funder, 'GnosisSafe', 'nonce')).toBe(1n);
    const row = await redemptionOf('usr_rd_safe');
    expect(row).toMatchObject({ status: 'redeemed', walletType: 2, walletAddress: funder, proceedsMicros: 20_000_000, creditedMicros: 20_000_000, attempts: 1 });
    expect(row!.signedPayload).toMatchObject({ kind: 'safe_tx', safe: funder, to: chain.contracts.ctfCollateralAdapter, nonce: '0' });
    const receipt = await chain.client.getTransactionReceipt({ hash: row!.txHash as Hex });
    expect(receipt.from.toLowerCase()).toBe(privateKeyToAccount(RELAYER_KEY).address.toLowerCase());
    expect(receipt.to?.toLowerCase()).toBe(funder.toLowerCase());
    const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
    expect(bot!.paperBalanceMicros).toBe(balanceAfterBuy + 20_000_000);
    expect(await settlementsOf(botId)).toHaveLength(1);
  }, 120_000);

  only(1)('the local proxy wallets derive as LOCAL_WALLET_CONTRACTS says (the worker wires it for the local chain)', async () => {
    expect(await chain.proxyWalletInitCodeHash()).toBe(LOCAL_WALLET_CONTRACTS.proxyWalletInitCodeHash);
    const owner = privateKeyToAccount(generatePrivateKey()).address;
    expect(proxyWalletOf(owner, LOCAL_WALLET_CONTRACTS)).toBe(await chain.proxyWalletOf(owner));
  });

  only(1)('a relayed proxy call whose redemption reverts is mined with the hub status failed: recorded failed, signed again with the next hub nonce, then redeemed once', async () => {
    const { m, botId, signer, funder, balanceAfterBuy } = await boughtAndResolved('usr_rd_proxy_revert', 1);
    // The adapter may not move the wallet's outcome tokens: the inner redemption reverts, the relay transaction does not (GSN v1).
    await chain.setCtfApproval(funder, chain.contracts.ctfCollateralAdapter, false);
    expect(await passes(redemptions())).toMatchObject({ failed: 1, redeemed: 0, error: 0 });
    const failed = await redemptionOf('usr_rd_proxy_revert');
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'redemption_reverted', attempts: 1 });
    expect((await chain.client.getTransactionReceipt({ hash: failed!.txHash as Hex })).status).toBe('success');
    expect(await chain.read<bigint>(chain.walletContracts.relayHub, 'RelayHub', 'getNonce', [signer])).toBe(1n);
    expect(await chain.tokenBalance(funder, BigInt(m.yes))).toBe(20_000_000n);
    expect(await settlementsOf(botId)).toHaveLength(0);

    await chain.setCtfApproval(funder, chain.contracts.ctfCollateralAdapter, true);
    expect(await passes(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    const row = await redemptionOf('usr_rd_proxy_revert');
    expect(row).toMatchObject({ status: 'redeemed', attempts: 2, creditedMicros: 20_000_000, signedPayload: { nonce: '1' } });
    expect(await chain.read<bigint>(chain.walletContracts.relayHub, 'RelayHub', 'getNonce', [signer])).toBe(2n);
    expect(await chain.tokenBalance(funder, BigInt(m.yes))).toBe(0n);
    const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
    expect(bot!.paperBalanceMicros).toBe(balanceAfterBuy + 20_000_000);
    expect(await settlementsOf(botId)).toHaveLength(1);
  }, 120_000);

  only(1)('a relay mined between the redeemer’s reads is judged by its receipt: a reverted inner call is never credited', async () => {
    const { botId, signer, funder } = await boughtAndResolved('usr_rd_proxy_race', 1);
    await chain.setCtfApproval(funder, chain.contracts.ctfCollateralAdapter, false);
    // The node mines the pending relay right after answering "no receipt yet" (anvil mines in the background
    // after accepting a transaction, so on a loaded machine this happens by itself).
    const testClient = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
    const rpc = minesAfterAReceiptMiss(anvil.rpcUrl);
    await testClient.setAutomine(false);
    try {
      expect(await passes(redemptions(undefined, rpc.url))).toMatchObject({ failed: 1, redeemed: 0, error: 0 });
    } finally {
      await testClient.setAutomine(true);
      rpc.stop();
    }
    expect(rpc.minedAfterMiss()).toBeGreaterThan(0);
    expect(await redemptionOf('usr_rd_proxy_race')).toMatchObject({ status: 'failed', errorCode: 'redemption_reverted' });
    expect(await chain.read<bigint>(chain.walletContracts.relayHub, 'RelayHub', 'getNonce', [signer])).toBe(1n);
    expect(await settlementsOf(botId)).toHaveLength(0);
    await chain.setCtfApproval(funder, chain.contracts.ctfCollateralAdapter, true);
    expect(await passes(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    expect(await settlementsOf(botId)).toHaveLength(1);
  }, 120_000);

  only(2)('a funder that is not the signer’s proxy wallet, or a Safe the signer does not own, is refused before anything is signed', async () => {
    const redeemer = createChainRedeemer({ rpcUrl: anvil.rpcUrl, walletContracts: LOCAL_WALLET_CONTRACTS, relayer: createSelfRelayer({ rpcUrl: anvil.rpcUrl, gasKey: RELAYER_KEY }) });
    const key = generatePrivateKey();
    const signer = privateKeyToAccount(key).address;
    const someoneElse = generatePrivateKey();
    const secrets = { privateKey: Buffer.from(key.slice(2), 'hex') };
    const request = { conditionId: `0x${'11'.repeat(32)}`, adapter: 'ctf' } as const;
    const otherProxy = await chain.proxyWalletOf(privateKeyToAccount(someoneElse).address);
    await expect(redeemer.sign({ walletType: 1, signerAddress: signer, funderAddress: otherProxy }, secrets, request)).rejects.toThrow('the funder is not the proxy wallet of the credential’s signer');
    const otherSafe = await chain.deploySafe(someoneElse);
    await expect(redeemer.sign({ walletType: 2, signerAddress: signer, funderAddress: otherSafe }, secrets, request)).rejects.toThrow('the credential’s signer is not an owner of the Safe');
    // Without a relayer, an owner holding no POL cannot send the call itself.
    const noRelayer = createChainRedeemer({ rpcUrl: anvil.rpcUrl, walletContracts: LOCAL_WALLET_CONTRACTS });
    await expect(noRelayer.sign({ walletType: 1, signerAddress: signer, funderAddress: await chain.proxyWalletOf(signer) }, secrets, request)).rejects.toThrow('no relayer is configured for proxy-wallet redemptions');
  });

  for (const walletType of types.filter((t) => t !== 0)) {
    test(`no relayer configured (wallet type ${walletType}): an owner holding POL sends the signed call itself and pays the gas; one redemption, one credit`, async () => {
      const userId = `usr_rd_own_${walletType}`;
      const { m, botId, signer, funder, balanceAfterBuy } = await boughtAndResolved(userId, walletType);
      await chain.setGas(signer, parseEther('1'));
      expect(await passes(redemptions(undefined, anvil.rpcUrl, false))).toMatchObject({ redeemed: 1, error: 0 });
      expect(await chain.tokenBalance(funder, BigInt(m.yes))).toBe(0n);
      const row = await redemptionOf(userId);
      expect(row).toMatchObject({ status: 'redeemed', walletType, walletAddress: funder, proceedsMicros: 20_000_000, creditedMicros: 20_000_000, attempts: 1, signedPayload: { kind: 'transaction', from: signer } });
      const receipt = await chain.client.getTransactionReceipt({ hash: row!.txHash as Hex });
      expect(receipt.status).toBe('success');
      expect(receipt.from.toLowerCase()).toBe(signer.toLowerCase());
      expect(receipt.to?.toLowerCase()).toBe((walletType === 1 ? chain.walletContracts.proxyWalletFactory : funder).toLowerCase());
      expect(await chain.client.getBalance({ address: signer })).toBeLessThan(parseEther('1')); // the owner paid the gas
      const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
      expect(bot!.paperBalanceMicros).toBe(balanceAfterBuy + 20_000_000);
      expect(await settlementsOf(botId)).toHaveLength(1);
      expect(await passes(redemptions(undefined, anvil.rpcUrl, false))).toMatchObject({ redeemed: 0, error: 0 });
      expect(await chain.client.getTransactionCount({ address: signer })).toBe(1);
    }, 120_000);
  }

  for (const point of ['after_sign_commit', 'after_submit'] as const) {
    for (const walletType of types) {
      test(`the pass dies ${point.replaceAll('_', ' ')} (wallet type ${walletType}): the next pass sends the same payload; exactly one redemption on chain, one credit`, async () => {
        const userId = `usr_rd_${point}_${walletType}`;
        const { m, botId, signer, funder, balanceAfterBuy } = await boughtAndResolved(userId, walletType);
        const die = (p: RedemptionFaultPoint) => {
          if (p === point) throw new Error(`died ${point} (test)`);
        };
        expect(await redemptions(die).runOnce()).toMatchObject({ error: 1 });
        const committed = await redemptionOf(userId);
        expect(committed?.status).toBe('signed');
        const payload = committed!.signedPayload;

        expect(await passes(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
        const row = await redemptionOf(userId);
        expect(row).toMatchObject({ status: 'redeemed', attempts: 1, creditedMicros: 20_000_000 });
        expect(row!.signedPayload).toEqual(payload!);
        expect(await chain.tokenBalance(funder, BigInt(m.yes))).toBe(0n);
        if (walletType === 0) {
          // One transaction from the EOA beyond what it had sent before the redemption: the committed one.
          expect(row!.txHash).toBe(committed!.txHash);
          expect((await chain.client.getTransactionReceipt({ hash: row!.txHash as Hex })).status).toBe('success');
        } else if (walletType === 1) {
          expect(await chain.read<bigint>(chain.walletContracts.relayHub, 'RelayHub', 'getNonce', [signer])).toBe(1n);
        } else {
          expect(await chain.read<bigint>(funder, walletType === 2 ? 'GnosisSafe' : 'DepositWallet', 'nonce')).toBe(1n);
        }
        expect(await settlementsOf(botId)).toHaveLength(1);
        const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
        expect(bot!.paperBalanceMicros).toBe(balanceAfterBuy + 20_000_000);
        // The EOA's only transaction ever is the redemption; a smart wallet's owner never sends one.
        expect(await chain.client.getTransactionCount({ address: signer })).toBe(walletType === 0 ? 1 : 0);
      }, 120_000);
    }
  }
});

/**
 * A JSON-RPC front of the node: answers as the node does, but each `eth_getTransactionReceipt` that finds no
 * receipt mines a block before its answer goes back — the interleaving a loaded machine produces by chance.
 */
function minesAfterAReceiptMiss(upstream: string) {
  let mined = 0;
  const forward = (body: string) => fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      const body = await request.text();
      const answer = await (await forward(body)).text();
      const call = JSON.parse(body) as { method?: string };
      if (call.method === 'eth_getTransactionReceipt' && (JSON.parse(answer) as { result?: unknown }).result === null) {
        await forward(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'evm_mine', params: [] }));
        mined += 1;
      }
      return new Response(answer, { headers: { 'content-type': 'application/json' } });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, minedAfterMiss: () => mined, stop: () => server.stop(true) };
}

suite('EOA and deposit wallet', [0, 3]);
suite('proxy wallet and Safe', [1, 2]);
