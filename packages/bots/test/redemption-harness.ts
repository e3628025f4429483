/**
 * Shared by the redemption suites (live-redemption*.test.ts): a live bot of a fresh user of each wallet type
 * that bought on the local exchange (on chain), its market then resolved; and redemption passes run until
 * nothing is pending, as the worker's job does.
 */
import { expect } from 'bun:test';
import { schema } from '@polymancer/db';
import type { LocalChain } from '@polymancer/local-chain';
import { eq } from 'drizzle-orm';
import { type Address, type Hex, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { type Redemptions, runTick } from '../src/index.ts';
import { admin, liveBot, type LiveHarness, market, restingSell, trader } from './live-harness.ts';

export type RedeemedWalletType = 0 | 1 | 2 | 3;

/**
 * Passes until nothing is pending (at most 50: anvil mines in the background after accepting a transaction,
 * later on a loaded machine): a pass that sent a transaction the node has not mined yet answers `pending`,
 * and the next pass credits it — as the 60 s job does. Counts summed.
 */
export async function redemptionPasses(r: Pick<Redemptions, 'runOnce'>): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (let i = 0; i < 50; i++) {
    const counts = await r.runOnce();
    for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + (k === 'pending' ? 0 : v);
    if (counts.pending === 0) break;
  }
  return total;
}

/** A live bot of a fresh user that bought 20 YES shares at 0.50 on chain; the market then resolves YES. */
export async function boughtAndResolved(h: LiveHarness, userId: string, walletType: RedeemedWalletType, kind: 'binary' | 'position' = 'binary') {
  const chain: LocalChain = h.sim.localChain!;
  const key = generatePrivateKey();
  const signer = privateKeyToAccount(key).address;
  // A proxy wallet is created by the factory on its owner's first call (here: the redemption); a Safe is deployed first.
  const funder = walletType === 3 ? await chain.deployDepositWallet(signer) : walletType === 1 ? await chain.proxyWalletOf(signer) : walletType === 2 ? await chain.deploySafe(key) : signer;
  if (walletType === 0) await chain.setGas(signer, parseEther('1'));
  if (walletType === 1 || walletType === 2) await admin(h.sim, `/_sim/wallets/${funder}/owner`, { owner: signer, signatureType: walletType });
  const me = await trader(h.sim, key);
  await admin(h.sim, `/_sim/wallets/${funder}`, { collateral: '50000000', tokens: {} });
  h.accounts.set(userId, { credentialId: `cred_${userId}`, walletType, signerAddress: signer, funderAddress: funder }, key, me.creds);
  // A position market (ExchangeV3) here has the 0.001 tick, which is how `restingSell` signs for domain "3".
  const m = await market(h.sim, kind, kind === 'position' ? { tickSize: '0.001' } : {});
  await restingSell(h.sim, await trader(h.sim, generatePrivateKey()), m.yes, 0.5, 500, kind === 'position' ? '0.001' : '0.01');
  const botId = await liveBot(h, userId, m.conditionId, [m.yes], 50_000_000);
  h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy before resolution' });
  const r = await runTick(h.deps(), { botId, tickKey: 'buy' }, h.clock.now());
  if (!('liveOrder' in r) || r.liveOrder?.status !== 'matched') {
    const trades = await h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));
    throw new Error(`the buy did not match: ${JSON.stringify(r)} ${trades.map((t) => `${t.rejectionCode}: ${t.rejectionReason}`).join('; ')}`);
  }
  const [order] = await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
  await chain.client.waitForTransactionReceipt({ hash: order!.transactionHashes![0]! as Hex, pollingInterval: 20 });
  expect(await chain.tokenBalance(funder as Address, BigInt(m.yes))).toBe(20_000_000n);
  await admin(h.sim, `/_sim/markets/${m.conditionId}/resolve`, { winner: m.yes });
  expect(await chain.read<bigint>(chain.contracts.conditionalTokens, 'ConditionalTokens', 'payoutDenominator', [m.conditionId])).toBeGreaterThan(0n);
  h.clock.advance(31_000); // past the market cache
  const [bot] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
  return { m, botId, key, signer: signer as Address, funder: funder as Address, balanceAfterBuy: bot!.paperBalanceMicros };
}
