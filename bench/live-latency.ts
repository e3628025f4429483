/**
 * Decision-to-signed-order latency of the live path, next to the official client's own
 * `createMarketOrder` for the SAME orders in the same run (issue 20: ours should add < 10 %).
 *
 * "Ours" is what `runLiveTick` does between an approved decision and a signed order: build the FOK
 * spec from the decision, open the signing scope (key bytes copied in, zeroed after), sign with the
 * official `OrderBuilder` for the account's wallet type and the market's exchange, and compute the
 * EIP-712 order hash (stored before posting). "Official" is a long-lived `ClobClient` with its caches
 * warm (tick size, neg-risk, version) calling `createMarketOrder` — it computes no hash.
 * Both run against the local exchange (only the client's one-time cache warm-up touches it); orders
 * alternate between the two paths so machine noise falls on both alike.
 *
 * Then, in the same run, the production path around it (informative, no target): a live bot's whole tick on
 * the embedded database against a local exchange over HTTP, from the tick's start to the signed order.
 *
 * `bun bench/live-latency.ts [--orders N] [--smoke]` — prints p50/p99 for both and the overhead;
 * exits 1 when a path fails (the 10 % target is reported, not enforced: the machine is shared).
 */
import { createClobSim } from '@polymancer/clob-sim';
import { ManualClock } from '@polymancer/core';
import { createPolymarketLiveVenue } from '@polymancer/polymarket';
import { ClobClient, OrderType, Side } from '@polymarket/clob-client-v2';
import { createWalletClient, hexToBytes, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { createAuditLog } from '@polymancer/audit';
import { runTick } from '@polymancer/bots';
import { createAuditStore, createBreakerStore, createRiskLedgerStore, schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { createBreakers, createLiveRisk } from '@polymancer/safety';
import { admin, liveBot, market, restingSell, startLive, TEST_KEYS, trader } from '../packages/bots/test/live-harness.ts';

const argv = Bun.argv.slice(2);
const smoke = argv.includes('--smoke');
const ordersArg = argv.indexOf('--orders');
const orders = smoke ? 20 : ordersArg >= 0 ? Number(argv[ordersArg + 1]) : 2_000;

const KEY: Hex = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const sim = await createClobSim({ port: 0, seed: 7, clock: new ManualClock(Date.now()), marketMakers: false });
try {
  const wallet = createWalletClient({ account: privateKeyToAccount(KEY), chain: polygon, transport: http('http://127.0.0.1:9') });
  const address = wallet.account.address;
  const creds = await new ClobClient({ host: sim.url, chain: 137, signer: wallet }).createOrDeriveApiKey(0);
  const client = new ClobClient({ host: sim.url, chain: 137, signer: wallet, creds });
  const market = sim.exchange.markets.find((m) => m.kind === 'binary');
  if (market === undefined) throw new Error('no binary market');
  const tokenId = market.tokens[0]?.tokenId as string;
  const venue = createPolymarketLiveVenue({ clobUrl: sim.url });
  const account = { walletType: 0 as const, signerAddress: address, funderAddress: address };
  const keyBytes = hexToBytes(KEY);
  // The signing scope as the vault runs it: a copy of the key bytes, zeroed when the scope ends.
  const withSecrets = async <T>(fn: (s: { privateKey: Uint8Array; apiKey: string; apiSecret: string; apiPassphrase: string }) => Promise<T>) => {
    const privateKey = Uint8Array.from(keyBytes);
    try {
      return await fn({ privateKey, apiKey: creds.key, apiSecret: creds.secret, apiPassphrase: creds.passphrase });
    } finally {
      privateKey.fill(0);
    }
  };
  // Decisions: BUYs of $1–$50 at limits 0.40–0.69 (whole cents, the market's tick).
  const decisions = Array.from({ length: orders }, (_, i) => ({ amountMicros: (1 + (i % 50)) * 1_000_000, limitPriceMicros: 400_000 + (i % 30) * 10_000 }));

  const ours = async (d: (typeof decisions)[number]) =>
    withSecrets((secrets) => venue.sign(account, secrets, { tokenId, side: 'BUY', amountMicros: d.amountMicros, limitPriceMicros: d.limitPriceMicros, tickSizeMicros: 10_000, exchange: 'ctf_v2' }));
  const official = async (d: (typeof decisions)[number]) =>
    client.createMarketOrder({ tokenID: tokenId, amount: d.amountMicros / 1e6, side: Side.BUY, price: d.limitPriceMicros / 1e6, orderType: OrderType.FOK }, { tickSize: '0.01', negRisk: false });

  // Warm-up: the client's caches (version, tick size, market info) and both code paths' JIT.
  for (const d of decisions.slice(0, Math.min(20, orders))) {
    await ours(d);
    await official(d);
  }
  const oursMs: number[] = [];
  const officialMs: number[] = [];
  for (const [i, d] of decisions.entries()) {
    const first = i % 2 === 0;
    for (const path of first ? ['ours', 'official'] : ['official', 'ours']) {
      const t0 = performance.now();
      const signed = path === 'ours' ? await ours(d) : await official(d);
      const ms = performance.now() - t0;
      if (signed === undefined) throw new Error(`${path} produced no order`);
      (path === 'ours' ? oursMs : officialMs).push(ms);
    }
  }
  const pct = percentile;
  const row = (name: string, xs: number[]) => `${name.padEnd(34)} p50 ${pct(xs, 50).toFixed(3)} ms   p99 ${pct(xs, 99).toFixed(3)} ms`;
  console.log(`decision → signed FOK order, ${orders} orders each${smoke ? ' (smoke)' : ''}`);
  console.log(row('ours (scope + sign + order hash)', oursMs));
  console.log(row('official createMarketOrder', officialMs));
  const overheadP50 = (pct(oursMs, 50) / pct(officialMs, 50) - 1) * 100;
  const overheadP99 = (pct(oursMs, 99) / pct(officialMs, 99) - 1) * 100;
  console.log(`overhead: p50 ${overheadP50.toFixed(1)} %, p99 ${overheadP99.toFixed(1)} % (target < 10 %)`);
  await productionPath(smoke ? 5 : Math.min(200, orders));
} finally {
  await sim.stop();
}

/**
 * The production path around the signing (informative, no target): a live bot's whole tick on the embedded
 * database against a local exchange over HTTP — the unreconciled-order check, the book read, the strategy,
 * the guards, the live risk admission (a database transaction), the closed-only check (HTTP) — then the same
 * signing, timed from the tick's start to the signed order; the orders are then posted and recorded as usual.
 */
async function productionPath(ticks: number): Promise<void> {
  const h = await startLive('pglite');
  try {
    const key = TEST_KEYS[1]!;
    const botAddress = privateKeyToAccount(key).address;
    const me = await trader(h.sim, key);
    await admin(h.sim, `/_sim/wallets/${botAddress}`, { collateral: String(ticks * 20_000_000), tokens: {} });
    h.accounts.set('usr_bench', { credentialId: 'cred_bench', walletType: 0, signerAddress: botAddress, funderAddress: botAddress }, key, me.creds);
    const m = await market(h.sim, 'binary');
    await restingSell(h.sim, await trader(h.sim, TEST_KEYS[2]!), m.yes, 0.5, ticks * 20 * 12);
    const botId = await liveBot(h, 'usr_bench', m.conditionId, [m.yes], ticks * 20_000_000);
    // A user past their first live month (whose $100 day would stop the run after five ticks).
    const paper = await h.bots.create('usr_bench', { name: 'paper', markets: [{ conditionId: m.conditionId, tokenIds: [m.yes] }], strategy: { kind: 'mean-reversion', params: {} } });
    await h.db.insert(schema.liveActivations).values({ id: 'act_bench', userId: 'usr_bench', paperBotId: paper.id, liveBotId: botId, activatedAt: new Date(h.clock.now().getTime() - 60 * 86_400_000) });
    const risk = createLiveRisk({ ledger: createRiskLedgerStore(h.db), clock: h.clock, rolloutStartedAt: null });
    const breakers = createBreakers({ store: createBreakerStore(h.db), audit: createAuditLog({ store: createAuditStore(h.db), clock: h.clock }), clock: h.clock });
    const tickMs: number[] = [];
    for (let i = 0; i < ticks; i++) {
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 5_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'bench' });
      let signedAt: number | undefined;
      const t0 = performance.now();
      const result = await runTick(h.deps({ risk, breakers, faultHook: (point) => void (point === 'after_sign' ? (signedAt = performance.now()) : undefined) }), { botId, tickKey: `bench-${i}` }, h.clock.now());
      if (signedAt === undefined) throw new Error(`tick ${i} signed no order: ${JSON.stringify(result)} ${JSON.stringify((await h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId))).map((t) => t.rejectionReason))}`);
      tickMs.push(signedAt - t0);
      h.clock.advance(1_000);
    }
    console.log(`production path: a live bot's tick start → signed order (database, local exchange over HTTP), ${ticks} ticks`);
    console.log(`${'tick → signed (informative)'.padEnd(34)} p50 ${percentile(tickMs, 50).toFixed(3)} ms   p99 ${percentile(tickMs, 99).toFixed(3)} ms`);
  } finally {
    await h.stop();
  }
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}
