/**
 * Issue 20's first "done when", in one story on real pieces: the local exchange over HTTP in chain mode on
 * anvil, the official client's order format, the crash-safe live tick, the settlement monitor and the
 * redemption pass. A live bot's tick produces a signed order the exchange verifies and matches; the match's
 * settlement transaction is watched until finalized (12 blocks) and its confirmations reach the trade row;
 * after the market resolves the position is redeemed on chain, the proceeds land in the ledger as a
 * settlement, and the redemption transaction is itself watched to finalized. A FOK the book cannot fill is
 * recorded as rejected before anything is signed or posted, with nothing filled on chain (the exchange's own
 * refusal of a FOK whose book moved after the decision is `packages/bots/test/live-tick.test.ts`).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import { createTestClient, http, parseEther, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createAuditLog } from '@polymancer/audit';
import { createAuditStore, createBotQueryStore, createNotificationStore, createRedemptionStore, createSettlementTxStore, schema } from '@polymancer/db';
import { startAnvil, type AnvilInstance, type LocalChain } from '@polymancer/local-chain';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createChainRedeemer, createSelfRelayer, createTxObserver } from '@polymancer/polymarket';
import { createSettlementMonitor, settlementAlerts } from '@polymancer/settlement';
import { createRedemptions, runTick } from '@polymancer/bots';
import { admin, liveBot, type LiveHarness, market, restingSell, startLive, trader } from '../../../packages/bots/test/live-harness.ts';
import { testEngines } from '../../../test/databases.ts';

/** Anvil's ninth default key: the relayer's gas key in this file (never the local chain's admin). */
const RELAYER_KEY: Hex = '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97';
const engine = testEngines().at(-1)!;

describe(`a live bot end to end on ${engine}, the local exchange over HTTP and anvil`, () => {
  let anvil: AnvilInstance;
  let h: LiveHarness;
  let chain: LocalChain;

  beforeAll(async () => {
    anvil = await startAnvil();
    h = await startLive(engine, { rpcUrl: anvil.rpcUrl });
    chain = h.sim.localChain!;
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
    anvil?.stop();
  });

  test('signed order verified and matched → settlement tx finalized → market resolves → redeemed, redemption tx finalized; an unfillable FOK is rejected', async () => {
    const db = h.db;
    const mine = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
    const settlementTxs = createSettlementTxStore(db);
    const notifications = createNotificationService({ store: createNotificationStore(db), clock: h.clock, messageIdDomain: 'polymancer.test' });
    const monitor = createSettlementMonitor({
      store: settlementTxs,
      chain: createTxObserver({ rpcUrl: anvil.rpcUrl }),
      alerts: settlementAlerts({ notifier: notifierFor(notifications), audit: createAuditLog({ store: createAuditStore(db), clock: h.clock }) }),
      clock: h.clock,
    });

    // An EOA trader with gas and 50 pUSD on chain; a maker rests 500 YES at 0.50.
    const userId = 'usr_e2e_live';
    const key = generatePrivateKey();
    const signer = privateKeyToAccount(key).address as Address;
    await chain.setGas(signer, parseEther('1'));
    const me = await trader(h.sim, key);
    await admin(h.sim, `/_sim/wallets/${signer}`, { collateral: '50000000', tokens: {} });
    h.accounts.set(userId, { credentialId: `cred_${userId}`, walletType: 0, signerAddress: signer, funderAddress: signer }, key, me.creds);
    const m = await market(h.sim, 'binary');
    await restingSell(h.sim, await trader(h.sim, generatePrivateKey()), m.yes, 0.5, 500);
    const botId = await liveBot(h, userId, m.conditionId, [m.yes], 50_000_000);

    // 1. The tick: a signed FOK the exchange verifies and matches.
    h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'e2e buy' });
    const bought = await runTick(h.deps(), { botId, tickKey: 'e2e-buy' }, h.clock.now());
    expect('liveOrder' in bought && bought.liveOrder?.status).toBe('matched');
    const [order] = await db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    expect(order).toMatchObject({ status: 'matched', orderType: 'FOK' });
    // The exchange knows the order by the hash we committed before posting, as matched, from our signer.
    const atExchange = await me.client.getOrder(order!.orderHash!);
    expect(atExchange).toMatchObject({ id: order!.orderHash, status: 'MATCHED', maker_address: signer.toLowerCase(), size_matched: '20' });
    const [trade] = await db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'trade')));
    expect(trade).toMatchObject({ type: 'live', status: 'executed', side: 'buy', sharesMicros: 20_000_000, executionPriceMicros: 500_000 });
    const tradeTx = order!.transactionHashes![0]! as Hex;
    expect(trade!.transactionHash?.toLowerCase()).toBe(tradeTx.toLowerCase());
    await chain.client.waitForTransactionReceipt({ hash: tradeTx, pollingInterval: 20 });
    expect(await chain.tokenBalance(signer, BigInt(m.yes))).toBe(20_000_000n);

    // 2. Transaction monitoring: discovered from the live order, confirmed, then finalized at 12 blocks.
    const first = await monitor.runOnce();
    expect(first.discovered).toBe(1);
    expect(await settlementTxs.byHash(tradeTx)).toMatchObject({ kind: 'trade', status: 'confirmed' });
    await mine.mine({ blocks: 12 });
    await monitor.runOnce();
    expect(await settlementTxs.byHash(tradeTx)).toMatchObject({ status: 'finalized' });
    const [confirmedTrade] = await db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.id, trade!.id));
    expect(confirmedTrade!.confirmationBlocks).toBeGreaterThanOrEqual(12);
    // The owner's trade list shows the settlement as the monitor last saw it.
    const [listed] = await createBotQueryStore(db).listTrades(trade!.userId, { botId, kind: 'trade' }, undefined, 10);
    expect(listed).toMatchObject({ id: trade!.id, settlementStatus: 'finalized' });
    expect(listed!.settlementConfirmations).toBeGreaterThanOrEqual(12);

    // 3. A FOK the book cannot fill (nothing offered at or under 0.40): recorded as rejected, nothing moves.
    h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 400_000, confidencePerMille: 900, reasoning: 'e2e unfillable' });
    await runTick(h.deps(), { botId, tickKey: 'e2e-unfillable' }, h.clock.now());
    const rejected = await db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.status, 'rejected')));
    expect(rejected).toHaveLength(1);
    // The prediction (the fill-or-kill simulation on the live book) refuses it before anything is signed or posted.
    expect(rejected[0]).toMatchObject({ type: 'live', rejectionCode: 'limit_price_reached' });
    expect(await db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId))).toHaveLength(1);
    expect(await chain.tokenBalance(signer, BigInt(m.yes))).toBe(20_000_000n);

    // 4. Resolution, then redemption through the collateral adapter; the proceeds are a settlement.
    await admin(h.sim, `/_sim/markets/${m.conditionId}/resolve`, { winner: m.yes });
    h.clock.advance(31_000); // past the market cache
    const [before] = await db.select().from(schema.bots).where(eq(schema.bots.id, botId));
    const pusdBefore = await chain.pusdBalance(signer);
    const redemptions = createRedemptions({
      store: createRedemptionStore(db),
      chain: createChainRedeemer({ rpcUrl: anvil.rpcUrl, relayer: createSelfRelayer({ rpcUrl: anvil.rpcUrl, gasKey: RELAYER_KEY }), nowSecs: () => BigInt(Math.floor(h.clock.now().getTime() / 1000)) }),
      accounts: h.accounts,
      ticks: h.deps().store,
      marketData: h.deps().marketData,
      clock: h.clock,
      onSubmitted: (tx) => settlementTxs.track({ userId: tx.userId, botId: null, kind: 'redemption', txHash: tx.txHash, submittedAt: tx.submittedAt }),
    });
    let redeemed = 0;
    for (let pass = 0; pass < 5 && redeemed === 0; pass++) redeemed += (await redemptions.runOnce()).redeemed ?? 0;
    expect(redeemed).toBe(1);
    expect(await chain.tokenBalance(signer, BigInt(m.yes))).toBe(0n);
    expect(await chain.pusdBalance(signer)).toBe(pusdBefore + 20_000_000n);
    const [settlement] = await db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'settlement')));
    const [redemption] = await db.select().from(schema.redemptions).where(eq(schema.redemptions.userId, userId));
    expect(redemption).toMatchObject({ status: 'redeemed', proceedsMicros: 20_000_000 });
    expect(settlement).toMatchObject({ type: 'live', amountMicros: 20_000_000, transactionHash: redemption!.txHash });
    const [after] = await db.select().from(schema.bots).where(eq(schema.bots.id, botId));
    expect(after!.paperBalanceMicros).toBe(before!.paperBalanceMicros + 20_000_000);

    // 5. The redemption transaction is watched like a trade's, to finalized.
    await monitor.runOnce();
    expect(await settlementTxs.byHash(redemption!.txHash!)).toMatchObject({ kind: 'redemption', status: 'confirmed' });
    await mine.mine({ blocks: 12 });
    await monitor.runOnce();
    expect(await settlementTxs.byHash(redemption!.txHash!)).toMatchObject({ status: 'finalized' });
    expect(await settlementTxs.byHash(tradeTx)).toMatchObject({ status: 'finalized' });
  }, 180_000);
});
