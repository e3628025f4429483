/**
 * Every wallet type and every market kind places a live order through the live path against the
 * local exchange (which verifies each signature as production's exchanges do): EOA (0), proxy (1),
 * Safe (2) and deposit wallet (3, POLY_1271, ERC-7739-wrapped) signers and funders; CTF Exchange V2,
 * the neg-risk exchange V2 (domain "2") and ExchangeV3 for position markets (domain "3", tick 0.001).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { runTick, type WalletType } from '../src/index.ts';
import { admin, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader, type Trader } from './live-harness.ts';

describe('live orders for every wallet type and market kind (local exchange, pglite)', () => {
  let h: LiveHarness;
  let maker: Trader;
  let owner: Trader;
  const ownerKey = TEST_KEYS[3]!;
  const ownerAddress = privateKeyToAccount(ownerKey).address;

  beforeAll(async () => {
    h = await startLive('pglite');
    maker = await trader(h.sim, TEST_KEYS[2]!);
    owner = await trader(h.sim, ownerKey);
  }, 120_000); // starts a local exchange (and a database): slow on a loaded machine
  afterAll(async () => {
    await h.stop();
  });

  const cases: ReadonlyArray<{ walletType: WalletType; kind: 'binary' | 'neg-risk' | 'position'; exchange: string }> = [
    { walletType: 0, kind: 'binary', exchange: 'ctf_v2' },
    { walletType: 1, kind: 'binary', exchange: 'ctf_v2' },
    { walletType: 2, kind: 'neg-risk', exchange: 'neg_risk_v2' },
    { walletType: 3, kind: 'binary', exchange: 'ctf_v2' },
    { walletType: 3, kind: 'position', exchange: 'v3' },
    { walletType: 0, kind: 'neg-risk', exchange: 'neg_risk_v2' },
    { walletType: 0, kind: 'position', exchange: 'v3' },
  ];

  for (const [i, c] of cases.entries()) {
    test(`wallet type ${c.walletType} buys on a ${c.kind} market (${c.exchange})`, async () => {
      // The funder: the EOA itself, or a proxy / Safe / deposit wallet the EOA owns.
      const funder = c.walletType === 0 ? ownerAddress : `0x${(0xa000 + i).toString(16).padStart(40, '0')}`;
      if (c.walletType !== 0) await admin(h.sim, `/_sim/wallets/${funder}/owner`, { owner: ownerAddress, signatureType: c.walletType });
      await admin(h.sim, `/_sim/wallets/${funder}`, { collateral: '50000000', tokens: {} });
      const userId = `usr_w${i}`;
      h.accounts.set(userId, { credentialId: `cred_w${i}`, walletType: c.walletType, signerAddress: ownerAddress, funderAddress: funder }, ownerKey, owner.creds);
      const m = await market(h.sim, c.kind, c.kind === 'position' ? { tickSize: '0.001' } : {});
      const before = await simWallet(h.sim, funder);
      const tick = c.kind === 'position' ? '0.001' : '0.01';
      await restingSell(h.sim, maker, m.yes, 0.5, 500, tick, c.kind === 'neg-risk');
      const botId = await liveBot(h, userId, m.conditionId, [m.yes]);
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'wallet test' });

      const result = await runTick(h.deps(), { botId, tickKey: 't1' }, h.clock.now());
      expect(result).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
      const [order] = await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
      expect(order).toMatchObject({ status: 'matched', walletType: c.walletType, exchange: c.exchange, filledSharesMicros: 10_000_000, makerAddress: funder });
      expect(order?.makerAddress).toBe(funder);
      // POLY_1271 signs as the wallet itself; the others as the owner EOA.
      expect(order?.signerAddress.toLowerCase()).toBe((c.walletType === 3 ? funder : ownerAddress).toLowerCase());
      // Our order hash is the exchange's order id for every wallet type and exchange.
      const exchangeTrades = (await owner.client.getTrades({ market: m.conditionId } as never)) as unknown as Array<{ taker_order_id: string }>;
      expect(exchangeTrades.map((t) => t.taker_order_id.toLowerCase())).toContain(String(order?.orderHash).toLowerCase());
      // The funder's balance paid, and holds the shares.
      const wallet = await simWallet(h.sim, funder);
      expect(wallet.tokens[m.yes]).toBe('10000000');
      expect(Number(before.collateral) - Number(wallet.collateral)).toBe(5_000_000 + (order?.feeMicros ?? 0));
    });
  }
});
