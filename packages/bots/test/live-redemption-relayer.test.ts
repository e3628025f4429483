/**
 * Gasless redemption through Polymarket's relayer protocol, end to end: the worker's adapter
 * (`createPolymarketRelayer`) talks HTTP to the local exchange's relayer (`/relayer`: params, submit, poll),
 * which relays onto anvil with its own gas key. A deposit wallet, a proxy wallet and a Safe each redeem
 * (shares → pUSD, a settlement row, the owner holding no POL), with Relayer API key and builder HMAC auth.
 * Failure paths: the relayer answers STATE_FAILED → recorded failed and signed again next pass; the relayer
 * answers 503 (before or after sending) or too late → the outcome is unknown, and the next pass sends the SAME
 * committed payload (never one with a fresh nonce while the old may run): exactly one execution on chain.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { LOCAL_RELAYER_KEY } from '@polymancer/clob-sim';
import { createRedemptionStore, schema } from '@polymancer/db';
import { startAnvil, type AnvilInstance, type LocalChain } from '@polymancer/local-chain';
import { createChainRedeemer, createPolymarketRelayer, LOCAL_WALLET_CONTRACTS, type RelayerAuth } from '@polymancer/polymarket';
import { and, eq } from 'drizzle-orm';
import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createRedemptions } from '../src/index.ts';
import { admin, type LiveHarness, startLive } from './live-harness.ts';
import { boughtAndResolved, type RedeemedWalletType, redemptionPasses } from './redemption-harness.ts';

const RELAY_ADDRESS = privateKeyToAccount(LOCAL_RELAYER_KEY).address.toLowerCase();

describe('live redemption through the relayer protocol (pglite, anvil, local exchange and its relayer over HTTP)', () => {
  let anvil: AnvilInstance;
  let h: LiveHarness;
  let chain: LocalChain;
  let apiKeyAuth: RelayerAuth;
  let builderAuth: RelayerAuth;

  beforeAll(async () => {
    anvil = await startAnvil();
    h = await startLive('pglite', { rpcUrl: anvil.rpcUrl });
    chain = h.sim.localChain!;
    const operator = privateKeyToAccount(LOCAL_RELAYER_KEY).address;
    const issued = (await admin(h.sim, '/_sim/relayer/api-keys', { address: operator })) as { apiKey: string; address: string };
    apiKeyAuth = { kind: 'relayer_api_key', apiKey: issued.apiKey, address: issued.address };
    const builder = (await admin(h.sim, '/_sim/relayer/builder-keys', {})) as { key: string; secret: string; passphrase: string };
    builderAuth = { kind: 'builder', ...builder };
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
    anvil?.stop();
  });

  const redemptions = (auth: RelayerAuth = apiKeyAuth, timeoutMs = 15_000) => {
    const deps = h.deps();
    const relayer = createPolymarketRelayer({ relayerUrl: `${h.sim.url}/relayer`, auth, depositWalletFactory: chain.contracts.depositWalletFactory, pollIntervalMs: 20, maxPolls: 200, timeoutMs });
    return createRedemptions({
      store: createRedemptionStore(h.db),
      chain: createChainRedeemer({ rpcUrl: anvil.rpcUrl, walletContracts: LOCAL_WALLET_CONTRACTS, relayer, nowSecs: () => BigInt(Math.floor(h.clock.now().getTime() / 1000)) }),
      accounts: h.accounts,
      ticks: deps.store,
      marketData: deps.marketData,
      clock: h.clock,
    });
  };
  const settlementsOf = (botId: string) => h.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'settlement')));
  const redemptionOf = async (userId: string) => (await h.db.select().from(schema.redemptions).where(eq(schema.redemptions.userId, userId)))[0];
  const walletNonce = (type: RedeemedWalletType, signer: Address, funder: Address) =>
    type === 1 ? chain.read<bigint>(chain.walletContracts.relayHub, 'RelayHub', 'getNonce', [signer]) : chain.read<bigint>(funder, type === 2 ? 'GnosisSafe' : 'DepositWallet', 'nonce');
  const relayed = () => h.sim.relayer!.list();

  /** Redeemed once, gasless: tokens → pUSD on the wallet, one settlement, the relay paid, the owner holds 0 POL. */
  async function expectRedeemedOnce(userId: string, type: RedeemedWalletType, s: Awaited<ReturnType<typeof boughtAndResolved>>, pusdBefore: bigint) {
    expect(await chain.tokenBalance(s.funder, BigInt(s.m.yes))).toBe(0n);
    expect(await chain.pusdBalance(s.funder)).toBe(pusdBefore + 20_000_000n);
    expect(await chain.client.getBalance({ address: s.signer })).toBe(0n);
    expect(await chain.client.getTransactionCount({ address: s.signer })).toBe(0);
    expect(await walletNonce(type, s.signer, s.funder)).toBe(1n);
    const row = await redemptionOf(userId);
    expect(row).toMatchObject({ status: 'redeemed', walletType: type, walletAddress: s.funder, proceedsMicros: 20_000_000, creditedMicros: 20_000_000 });
    const [settlement] = await settlementsOf(s.botId);
    expect(settlement).toMatchObject({ type: 'live', status: 'executed', marketId: s.m.conditionId, tokenId: s.m.yes, amountMicros: 20_000_000, executionPriceMicros: 1_000_000 });
    expect(await settlementsOf(s.botId)).toHaveLength(1);
    const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, s.botId));
    expect(bot!.paperBalanceMicros).toBe(s.balanceAfterBuy + 20_000_000);
    return row!;
  }

  const cases: Array<[RedeemedWalletType, string, () => RelayerAuth, string]> = [
    [3, 'a deposit wallet', () => apiKeyAuth, 'Relayer API key'],
    [1, 'a proxy wallet', () => builderAuth, 'builder HMAC'],
    [2, 'a Safe', () => apiKeyAuth, 'Relayer API key'],
  ];
  for (const [type, label, auth, scheme] of cases) {
    test(`${label} redeems gasless through the relayer over HTTP (${scheme}): submitted, polled to STATE_CONFIRMED, credited once`, async () => {
      const userId = `usr_rl_${type}`;
      const s = await boughtAndResolved(h, userId, type);
      const pusdBefore = await chain.pusdBalance(s.funder);
      const before = relayed().length;
      expect(await redemptionPasses(redemptions(auth()))).toMatchObject({ redeemed: 1, error: 0, failed: 0 });
      const row = await expectRedeemedOnce(userId, type, s, pusdBefore);
      const sent = relayed().slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ state: 'STATE_CONFIRMED', hash: row.txHash });
      const receipt = await chain.client.getTransactionReceipt({ hash: row.txHash as Hex });
      expect(receipt.from.toLowerCase()).toBe(RELAY_ADDRESS);
      expect(receipt.to?.toLowerCase()).toBe((type === 1 ? chain.walletContracts.relayHub : s.funder).toLowerCase());
      expect(await redemptionPasses(redemptions(auth()))).toMatchObject({ redeemed: 0, error: 0 });
      expect(relayed().length).toBe(before + 1);
      // The relayer's params now name the owner's next nonce, as Polymarket's client reads them.
      const params = await fetch(`${h.sim.url}/relayer/v1/account/transactions/params?address=${s.signer}&type=${type === 1 ? 'PROXY' : type === 2 ? 'SAFE' : 'WALLET'}`);
      expect(await params.json()).toEqual({ address: privateKeyToAccount(LOCAL_RELAYER_KEY).address, nonce: '1' });
    }, 120_000);
  }

  test('without valid auth the relayer refuses the submit (401, relayer_unauthorized) and nothing is sent', async () => {
    const userId = 'usr_rl_unauth';
    const s = await boughtAndResolved(h, userId, 3);
    const before = relayed().length;
    const wrong: RelayerAuth = { kind: 'relayer_api_key', apiKey: 'not-a-key', address: s.signer };
    await expect(redemptions(wrong).redeem({ userId, conditionId: s.m.conditionId })).rejects.toMatchObject({ code: 'relayer_unauthorized', retryable: false });
    expect(relayed().length).toBe(before);
    expect(await chain.read<bigint>(s.funder, 'DepositWallet', 'nonce')).toBe(0n);
    // With the right key the same committed batch goes through.
    expect(await redemptionPasses(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    expect((await redemptionOf(userId))?.attempts).toBe(1);
  }, 120_000);

  test('the relayer answers STATE_FAILED: the redemption is recorded failed, then signed again and redeemed once the cause is fixed', async () => {
    const userId = 'usr_rl_failed';
    const s = await boughtAndResolved(h, userId, 2);
    const pusdBefore = await chain.pusdBalance(s.funder);
    // The adapter may not move the Safe's outcome tokens: execTransaction cannot succeed, the relayer fails it.
    await chain.setCtfApproval(s.funder, chain.contracts.ctfCollateralAdapter, false);
    expect(await redemptionPasses(redemptions())).toMatchObject({ failed: 1, redeemed: 0, error: 0 });
    const failed = await redemptionOf(userId);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'redemption_relay_failed', attempts: 1 });
    expect(failed!.errorMessage).toContain('the relayer reported the redemption failed');
    expect(relayed().at(-1)?.state).toBe('STATE_FAILED');
    expect(await chain.read<bigint>(s.funder, 'GnosisSafe', 'nonce')).toBe(0n);
    expect(await chain.tokenBalance(s.funder, BigInt(s.m.yes))).toBe(20_000_000n);
    expect(await settlementsOf(s.botId)).toHaveLength(0);

    await chain.setCtfApproval(s.funder, chain.contracts.ctfCollateralAdapter, true);
    expect(await redemptionPasses(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    const row = await expectRedeemedOnce(userId, 2, s, pusdBefore);
    expect(row.attempts).toBe(2);
  }, 120_000);

  test('a proxy relay whose answer was lost and whose call reverted (the hub spent the nonce anyway) is never credited: failed, signed again, redeemed once', async () => {
    const userId = 'usr_rl_lost_revert';
    const s = await boughtAndResolved(h, userId, 1);
    const pusdBefore = await chain.pusdBalance(s.funder);
    await chain.setCtfApproval(s.funder, chain.contracts.ctfCollateralAdapter, false);
    await admin(h.sim, '/_sim/relayer/faults', { submit: 'error_after_send' });
    await expect(redemptions().redeem({ userId, conditionId: s.m.conditionId })).rejects.toMatchObject({ code: 'relayer_unavailable' });
    expect(await redemptionOf(userId)).toMatchObject({ status: 'signed', txHash: null });
    // The relay ran: the hub spent the owner's nonce, the inner redemption reverted, the tokens are still there.
    await chain.client.waitForTransactionReceipt({ hash: relayed().at(-1)!.hash as Hex, pollingInterval: 20 });
    expect(await walletNonce(1, s.signer, s.funder)).toBe(1n);
    expect(await redemptionPasses(redemptions())).toMatchObject({ failed: 1, redeemed: 0, error: 0 });
    expect(await redemptionOf(userId)).toMatchObject({ status: 'failed', errorCode: 'redemption_reverted' });
    expect(await settlementsOf(s.botId)).toHaveLength(0);

    await chain.setCtfApproval(s.funder, chain.contracts.ctfCollateralAdapter, true);
    expect(await redemptionPasses(redemptions())).toMatchObject({ redeemed: 1, error: 0 });
    expect(await chain.tokenBalance(s.funder, BigInt(s.m.yes))).toBe(0n);
    expect(await chain.pusdBalance(s.funder)).toBe(pusdBefore + 20_000_000n);
    expect(await redemptionOf(userId)).toMatchObject({ status: 'redeemed', attempts: 2, creditedMicros: 20_000_000 });
    expect(await settlementsOf(s.botId)).toHaveLength(1);
  }, 120_000);

  const unknownOutcomes: Array<[string, RedeemedWalletType, Record<string, unknown>, string, number]> = [
    ['answers 503 after sending', 3, { submit: 'error_after_send' }, 'relayer_unavailable', 15_000],
    ['answers 503 before sending', 1, { submit: 'error_before_send' }, 'relayer_unavailable', 15_000],
    ['answers only after the client gave up', 2, { submit: 'delay_after_send', delayMs: 1_500 }, 'relayer_timeout', 400],
  ];
  for (const [what, type, fault, code, timeoutMs] of unknownOutcomes) {
    test(`the relayer ${what} (wallet type ${type}): outcome unknown, the next pass sends the SAME payload; exactly one execution`, async () => {
      const userId = `usr_rl_unknown_${type}`;
      const s = await boughtAndResolved(h, userId, type);
      const pusdBefore = await chain.pusdBalance(s.funder);
      await admin(h.sim, '/_sim/relayer/faults', fault);
      await expect(redemptions(apiKeyAuth, timeoutMs).redeem({ userId, conditionId: s.m.conditionId })).rejects.toMatchObject({ code, retryable: true });
      const committed = await redemptionOf(userId);
      expect(committed?.status).toBe('signed');

      expect(await redemptionPasses(redemptions())).toMatchObject({ redeemed: 1, error: 0, failed: 0 });
      const row = await expectRedeemedOnce(userId, type, s, pusdBefore);
      expect(row.attempts).toBe(1);
      expect(row.signedPayload).toEqual(committed!.signedPayload!);
      // Every submission carried the one committed signature; it ran once (the wallet's nonce moved by one).
      const signature = String((committed!.signedPayload as { signature: string }).signature).toLowerCase();
      const mine = relayed().filter((t) => t.signature === signature);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.filter((t) => t.state === 'STATE_CONFIRMED')).toHaveLength(1);
    }, 120_000);
  }
});
