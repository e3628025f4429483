/**
 * Pre-flight on the live path, against the local exchange over HTTP in chain mode (anvil with the
 * local Polymarket contracts: balances, allowances, approvals and POL are the chain's). Each check
 * that can stop an order is tripped before the bot's first order, after a refusal, or — gas and pUSD —
 * before any order; the bot holds with the message and fix the owner reads, and nothing is posted.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createNotificationStore, schema } from '@polymancer/db';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { OrderType, Side } from '@polymarket/clob-client-v2';
import { startAnvil, type AnvilInstance, type LocalChain } from '@polymancer/local-chain';
import { createChainReader, createLiveWalletReader } from '@polymancer/polymarket';
import { and, asc, eq } from 'drizzle-orm';
import { type Address, type Hex, maxUint256, parseEther } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { runTick, type WalletType } from '../src/index.ts';
import { admin, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader, type Trader } from './live-harness.ts';

describe('live pre-flight (local exchange on anvil, pglite)', () => {
  let anvil: AnvilInstance;
  let h: LiveHarness;
  let chain: LocalChain;
  let maker: Trader;
  let n = 0;

  beforeAll(async () => {
    anvil = await startAnvil();
    h = await startLive('pglite', { rpcUrl: anvil.rpcUrl });
    chain = h.sim.localChain!;
    maker = await trader(h.sim, TEST_KEYS[2]!);
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
    await anvil?.stop();
  });

  const deps = () => h.deps({ wallets: createLiveWalletReader(createChainReader({ rpcUrl: anvil.rpcUrl })) });

  /** A fresh user with a fresh EOA: its API key, `pusd` on chain (approvals set), 1 POL unless told. */
  async function user(options: { pusd?: string; gasWei?: bigint; walletType?: WalletType; funder?: string; creds?: Trader['creds'] } = {}) {
    const key: Hex = generatePrivateKey();
    const me = await trader(h.sim, key);
    const address = me.address as Address;
    const funder = options.funder ?? address;
    if (options.pusd !== '0') await admin(h.sim, `/_sim/wallets/${funder}`, { collateral: options.pusd ?? '100000000', tokens: {} });
    await chain.setGas(address, options.gasWei ?? parseEther('1'));
    const userId = `usr_pf${++n}`;
    h.accounts.set(userId, { credentialId: `cred_pf${n}`, walletType: options.walletType ?? 0, signerAddress: address, funderAddress: funder }, key, options.creds ?? me.creds);
    return { userId, address, funder, key, trader: me };
  }

  async function setup(kind: 'binary' | 'neg-risk' = 'binary', options: Parameters<typeof user>[0] = {}, spec: Record<string, unknown> = {}) {
    const u = await user(options);
    const m = await market(h.sim, kind, spec);
    await restingSell(h.sim, maker, m.yes, 0.5, 500, '0.01', kind === 'neg-risk');
    const botId = await liveBot(h, u.userId, m.conditionId, [m.yes]);
    const buy = (amountMicros = 5_000_000) => h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'pre-flight test' });
    const orders = () => h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    const audits = async (action: string) =>
      (await h.db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.subjectId, botId), eq(schema.auditEvents.action, action))).orderBy(asc(schema.auditEvents.seq))).map((r) => r.details as { trigger: string; checks: Array<{ id: string; status: string; message: string; fix: string | null }> });
    let tick = 0;
    const run = async () => {
      h.clock.advance(1_000);
      return runTick(deps(), { botId, tickKey: `t${++tick}` }, h.clock.now());
    };
    return { ...u, m, botId, buy, orders, audits, run };
  }

  /** The tick held with `live_preflight_blocked`: the hold's reasoning is what the owner reads; nothing was posted. */
  async function expectHeld(s: Awaited<ReturnType<typeof setup>>, result: Awaited<ReturnType<typeof runTick>>, id: string, ...texts: string[]) {
    expect(result).toMatchObject({ status: 'skipped', code: 'live_preflight_blocked' });
    const blocking = (result as { preflight?: { checks: Array<{ id: string; status: string }> } }).preflight?.checks.filter((c) => c.status === 'block').map((c) => c.id);
    expect(blocking).toContain(id);
    const rows = await h.db.select().from(schema.botDecisions).where(and(eq(schema.botDecisions.botId, s.botId), eq(schema.botDecisions.holdCode, 'live_preflight_blocked'))).orderBy(asc(schema.botDecisions.createdAt));
    const reasoning = rows.at(-1)?.reasoning ?? '';
    for (const text of texts) expect(reasoning).toContain(text);
    const blocked = await s.audits('bot.live_preflight.blocked');
    expect(blocked.at(-1)?.checks.find((c) => c.id === id)?.status).toBe('block');
    return reasoning;
  }

  test('a ready EOA: pre-flight passes before the first order, the order matches, and the diagnosis is recorded with it', async () => {
    const s = await setup('binary', { gasWei: parseEther('0.05') });
    s.buy();
    expect(await s.run()).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    const [passed] = await s.audits('bot.live_preflight.passed');
    expect(passed?.trigger).toBe('first_order');
    // 0.05 POL is a warning, not a block.
    expect(passed?.checks).toEqual([{ id: 'gas', status: 'warn', message: 'The wallet holds 0.0500 POL, under 0.1 POL; top it up before trades are blocked at 0.01 POL.', fix: `Send POL to the signer ${s.address}: an EOA pays its own gas for approvals and redemptions.` }]);
  }, 60_000);

  test('gas: an EOA under 0.01 POL is held before its first order; nothing is posted', async () => {
    const s = await setup('binary', { gasWei: parseEther('0.005') });
    s.buy();
    await expectHeld(s, await s.run(), 'gas', 'The wallet holds 0.0050 POL, under the 0.01 POL needed to pay gas', `Fix: Send POL to the signer ${s.address}`);
    expect(await s.orders()).toEqual([]);
    expect(await chain.pusdBalance(s.funder as Address)).toBe(100_000_000n);
  }, 60_000);

  test('pUSD balance: a $5 buy from a wallet holding $2 is held with the deposit fix', async () => {
    const s = await setup('binary', { pusd: '2000000' });
    s.buy();
    await expectHeld(s, await s.run(), 'collateral', 'but the wallet holds $2 pUSD', 'Fix: Deposit pUSD to the trading wallet');
    expect(await s.orders()).toEqual([]);
  }, 60_000);

  test('pUSD allowance to the neg-risk exchange: approved for CTF Exchange V2 only, a neg-risk buy is held naming the Neg Risk CTF Exchange V2', async () => {
    const s = await setup('neg-risk');
    await chain.setPusdAllowance(s.funder as Address, chain.contracts.negRiskExchangeV2, 0n);
    s.buy();
    await expectHeld(s, await s.run(), 'collateral', 'allows the Neg Risk CTF Exchange V2 to spend only $0 pUSD', 'approves pUSD to the Neg Risk CTF Exchange V2');
    expect(await s.orders()).toEqual([]);
  }, 60_000);

  test('every order, not only the first: after a matched buy, a revoked allowance holds the next buy and revoked token approval holds the sell', async () => {
    const s = await setup();
    s.buy();
    expect(await s.run()).toMatchObject({ liveOrder: { status: 'matched' } });
    await chain.setPusdAllowance(s.funder as Address, chain.contracts.exchangeV2, 0n);
    s.buy();
    await expectHeld(s, await s.run(), 'collateral', 'allows the CTF Exchange V2 to spend only $0 pUSD');
    await chain.setCtfApproval(s.funder as Address, chain.contracts.exchangeV2, false);
    h.strategy.queue.push({ kind: 'trade', side: 'sell', tokenId: s.m.yes, sharesMicros: 5_000_000, limitPriceMicros: 100_000, confidencePerMille: 900, reasoning: 'exit' });
    await admin(h.sim, `/_sim/wallets/${maker.address}`, { collateral: '100000000', tokens: {} });
    await maker.client.createAndPostOrder({ tokenID: s.m.yes, price: 0.45, size: 100, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);
    await expectHeld(s, await s.run(), 'sell_approval', `Outcome tokens of ${s.funder} are not approved for the CTF Exchange V2: sells fail until they are.`, 'Fix: Enable trading on Polymarket');
    expect(await s.orders()).toHaveLength(1);
  }, 60_000);

  test('API key bound to another address: the exchange refuses the key for the signer, the bot is held', async () => {
    const other = await trader(h.sim, generatePrivateKey());
    const s = await setup('binary', { creds: other.creds });
    s.buy();
    await expectHeld(s, await s.run(), 'api_key_bound', `The exchange refused the API key for the signing address ${s.address}`, 'Fix: Derive the API key with the signing key of this credential');
    expect(await s.orders()).toEqual([]);
  }, 60_000);

  test('wallet type and funder: a deposit wallet funder with no contract on chain, and an EOA whose funder is another address, are held', async () => {
    const ghost = `0x${'d0'.repeat(20)}`;
    const s = await setup('binary', { walletType: 3, funder: ghost });
    s.buy();
    await expectHeld(s, await s.run(), 'wallet_setup', `The funder ${ghost} has no contract on chain: no deposit wallet is deployed there.`);
    const t = await setup('binary', { walletType: 0, funder: `0x${'e1'.repeat(20)}` });
    t.buy();
    await expectHeld(t, await t.run(), 'wallet_setup', 'Wallet type 0 (EOA) trades from the signing address itself');
    expect([...(await s.orders()), ...(await t.orders())]).toEqual([]);
  }, 60_000);

  test('deposit-wallet flow: a new account’s EOA order is refused, pre-flight says why at once, and the next order is held', async () => {
    const s = await setup();
    await admin(h.sim, `/_sim/accounts/${s.address}`, { newAccount: true });
    s.buy();
    const refused = await s.run();
    expect(refused).toMatchObject({ liveOrder: { status: 'rejected', code: 'deposit_wallet_required' }, preflight: { ok: false } });
    const [after] = await s.audits('bot.live_preflight.blocked');
    expect(after?.trigger).toBe('after_rejection');
    expect(after?.checks.find((c) => c.id === 'deposit_wallet_flow')).toMatchObject({ status: 'block', fix: 'Import the credential again with wallet type 3 (deposit wallet) and the deposit wallet as funder.' });
    s.buy();
    await expectHeld(s, await s.run(), 'deposit_wallet_flow', 'please use the deposit wallet flow', 'Fix: Import the credential again with wallet type 3 (deposit wallet)');
    expect(await s.orders()).toHaveLength(1);
    // The fix: the credential again as a deposit wallet (deployed on chain, funded) — the bot trades.
    const wallet = await chain.deployDepositWallet(s.address);
    await admin(h.sim, `/_sim/wallets/${wallet}`, { collateral: '100000000', tokens: {} });
    h.accounts.set(s.userId, { credentialId: `${s.userId}_dw`, walletType: 3, signerAddress: s.address, funderAddress: wallet }, s.key, s.trader.creds);
    s.buy();
    expect(await s.run()).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
  }, 60_000);

  test('closed-only account: the first buy is held with the message; nothing is posted', async () => {
    const s = await setup();
    await admin(h.sim, `/_sim/accounts/${s.address}`, { closedOnly: true });
    s.buy();
    await expectHeld(s, await s.run(), 'closed_only', 'Your Polymarket account is in closed-only mode: it may only close positions.');
    expect(await s.orders()).toEqual([]);
  }, 60_000);

  test('the owner is notified through the outbox once per distinct hold: not every tick, again when the blocking checks change or recur after an order', async () => {
    const s = await setup('binary', { gasWei: parseEther('0.005') });
    const notifications = createNotificationService({ store: createNotificationStore(h.db), clock: h.clock, messageIdDomain: 'polymancer.test' });
    const withNotifier = () => ({ ...deps(), notifier: notifierFor(notifications) });
    let tick = 0;
    const run = async () => {
      h.clock.advance(1_000);
      return runTick(withNotifier(), { botId: s.botId, tickKey: `n${++tick}` }, h.clock.now());
    };
    const notices = () => h.db.select().from(schema.notifications).where(and(eq(schema.notifications.userId, s.userId), eq(schema.notifications.kind, 'bot.live_preflight_held'))).orderBy(asc(schema.notifications.createdAt));

    for (let i = 0; i < 3; i++) {
      s.buy();
      expect(await run()).toMatchObject({ status: 'skipped', code: 'live_preflight_blocked' });
    }
    const [first, ...rest] = await notices();
    expect(rest).toEqual([]);
    expect(first!.title).toBe('live is held: its live order would fail');
    expect(first!.body).toContain('The wallet holds 0.0050 POL, under the 0.01 POL needed to pay gas');
    expect(first!.body).toContain(`Fix: Send POL to the signer ${s.address}`);
    expect(first!.data).toMatchObject({ botId: s.botId, conditionId: s.m.conditionId, checks: [{ id: 'gas' }] });
    // Through the outbox: an email delivery was written with the notification.
    const [delivery] = await h.db.select().from(schema.notificationDeliveries).where(eq(schema.notificationDeliveries.notificationId, first!.id));
    expect(delivery).toMatchObject({ channel: 'email', recipient: `${s.userId}@example.test`, status: 'pending' });
    expect(delivery!.body).toContain('Fix: Send POL to the signer');

    // Another blocking check joins: a new reason, one more notice (and only one).
    await chain.setPusdAllowance(s.funder as Address, chain.contracts.exchangeV2, 0n);
    for (let i = 0; i < 2; i++) {
      s.buy();
      expect(await run()).toMatchObject({ status: 'skipped', code: 'live_preflight_blocked' });
    }
    const second = await notices();
    expect(second).toHaveLength(2);
    expect((second[1]!.data as { checks: Array<{ id: string }> }).checks.map((c) => c.id).sort()).toEqual(['collateral', 'gas']);
    expect(second[1]!.body).toContain('allows the CTF Exchange V2 to spend only $0 pUSD');

    // Fixed: the order goes through, no notice. The same problem after that order is a new hold: told again.
    await chain.setGas(s.address, parseEther('1'));
    await chain.setPusdAllowance(s.funder as Address, chain.contracts.exchangeV2, maxUint256);
    s.buy();
    expect(await run()).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    expect(await notices()).toHaveLength(2);
    await chain.setGas(s.address, parseEther('0.005'));
    s.buy();
    expect(await run()).toMatchObject({ status: 'skipped', code: 'live_preflight_blocked' });
    s.buy();
    expect(await run()).toMatchObject({ status: 'skipped', code: 'live_preflight_blocked' });
    expect((await notices()).map((n) => (n.data as { checks: Array<{ id: string }> }).checks.map((c) => c.id).join())).toEqual(['gas', 'collateral,gas', 'gas']);
  }, 90_000);

  test('gas under 0.1 POL: the owner is told once per low-gas episode while orders go on, and again after gas came back and ran low again', async () => {
    const s = await setup('binary', { gasWei: parseEther('0.05') });
    const notifications = createNotificationService({ store: createNotificationStore(h.db), clock: h.clock, messageIdDomain: 'polymancer.test' });
    let tick = 0;
    const run = async () => {
      h.clock.advance(1_000);
      s.buy();
      return runTick({ ...deps(), notifier: notifierFor(notifications) }, { botId: s.botId, tickKey: `g${++tick}` }, h.clock.now());
    };
    const notices = () => h.db.select().from(schema.notifications).where(and(eq(schema.notifications.userId, s.userId), eq(schema.notifications.kind, 'bot.live_gas_low'))).orderBy(asc(schema.notifications.createdAt));

    // Two orders at 0.05 POL: both go through (a warning, not a hold); one notice.
    for (let i = 0; i < 2; i++) expect(await run()).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    const [first, ...rest] = await notices();
    expect(rest).toEqual([]);
    expect(first!.title).toBe('live: its wallet is low on POL for gas');
    expect(first!.body).toContain('The wallet holds 0.0500 POL, under 0.1 POL');
    expect(first!.body).toContain(`Fix: Send POL to the signer ${s.address}`);
    expect(first!.data).toMatchObject({ botId: s.botId });
    const [delivery] = await h.db.select().from(schema.notificationDeliveries).where(eq(schema.notificationDeliveries.notificationId, first!.id));
    expect(delivery).toMatchObject({ channel: 'email', status: 'pending' });

    // Topped up: no notice, the episode ends. Low again: told again, once.
    await chain.setGas(s.address, parseEther('1'));
    expect(await run()).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    expect(await notices()).toHaveLength(1);
    await chain.setGas(s.address, parseEther('0.08'));
    for (let i = 0; i < 2; i++) expect(await run()).toMatchObject({ status: 'completed', liveOrder: { status: 'matched' } });
    const again = await notices();
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toContain('The wallet holds 0.0800 POL');
  }, 90_000);

  test('a failing notifier never fails the tick: the bot is held and the hold recorded', async () => {
    const s = await setup('binary', { gasWei: parseEther('0.005') });
    s.buy();
    h.clock.advance(1_000);
    const result = await runTick({ ...deps(), notifier: { notify: async () => Promise.reject(new Error('outbox down')) } }, { botId: s.botId, tickKey: 'broken-notifier' }, h.clock.now());
    await expectHeld(s, result, 'gas', 'Fix: Send POL to the signer');
  }, 60_000);
});
