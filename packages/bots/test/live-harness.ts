/**
 * The live order path against the local exchange over HTTP: the official client signs and posts,
 * the exchange verifies signatures and HMAC headers, matches and keeps its own ledger. Only the
 * credential vault is stood in for (`TestAccounts`, the `LiveAccountPort` in memory: it copies the
 * key bytes into the scope and zeroes them when the scope ends, as the vault does).
 */
import { createAuditLog } from '@polymancer/audit';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { ManualClock } from '@polymancer/core';
import { createAuditStore, createBotStore, createLiveOrderStore, createTickStore, schema, type Database } from '@polymancer/db';
import { createPolymarketLiveVenue, createPolymarketMarketData } from '@polymancer/polymarket';
import { ClobClient, OrderType, Side, type ApiKeyCreds } from '@polymarket/clob-client-v2';
import { builtInStrategies, type StrategySet } from '@polymancer/strategies';
import { eq } from 'drizzle-orm';
import { createWalletClient, type Hex, hexToBytes, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { createTestDatabase, type Engine, type TestDatabase } from '../../../test/databases.ts';
import { createBotService, createMarketDataCache, type LiveAccount, type LiveAccountPort, type LiveDeps, type LiveSecrets, paperExecution, type TickDeps } from '../src/index.ts';
import { ScriptedStrategy } from './tick-harness.ts';

/** Anvil's well-known test keys (public; never hold value). */
export const TEST_KEYS: readonly Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a5d7f62d5f20',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
];

export class TestAccounts implements LiveAccountPort {
  readonly #byUser = new Map<string, { account: LiveAccount; key: Uint8Array; creds: ApiKeyCreds }>();
  /** Key buffers handed to scopes; each must be all zeros once its scope ended. */
  readonly handedOut: Uint8Array[] = [];

  set(userId: string, account: LiveAccount, key: Hex, creds: ApiKeyCreds): void {
    this.#byUser.set(userId, { account, key: hexToBytes(key), creds });
  }

  async accountFor(userId: string): Promise<LiveAccount | undefined> {
    return this.#byUser.get(userId)?.account;
  }

  async withSecrets<T>(account: LiveAccount, fn: (secrets: LiveSecrets) => Promise<T>): Promise<T> {
    const entry = [...this.#byUser.values()].find((e) => e.account.credentialId === account.credentialId);
    if (entry === undefined) throw new Error('no such credential');
    const privateKey = Uint8Array.from(entry.key);
    this.handedOut.push(privateKey);
    try {
      return await fn({ privateKey, apiKey: entry.creds.key, apiSecret: entry.creds.secret, apiPassphrase: entry.creds.passphrase });
    } finally {
      privateKey.fill(0);
    }
  }
}

export interface LiveHarness {
  readonly testDb: TestDatabase;
  readonly db: Database;
  readonly clock: ManualClock;
  readonly sim: ClobSim;
  readonly accounts: TestAccounts;
  readonly strategy: ScriptedStrategy;
  readonly bots: ReturnType<typeof createBotService>;
  deps(live?: Partial<LiveDeps>): TickDeps & { live: LiveDeps };
  stop(): Promise<void>;
}

/**
 * `rpcUrl`: the local exchange in chain mode on that node (anvil): balances, settlement and resolution on chain.
 * `authMaxSkewSecs`: how far the exchange's (manual) clock may be from the wall clock the official client
 * stamps its L2 headers with — tests that move the clock to another UTC day widen it.
 */
export async function startLive(engine: Engine, options: { readonly rpcUrl?: string; readonly authMaxSkewSecs?: number } = {}): Promise<LiveHarness> {
  const testDb = await createTestDatabase(engine);
  const db = testDb.handle.db;
  // The official client stamps L2 headers with the wall clock: the exchange's clock starts there.
  const clock = new ManualClock(Date.now());
  const sim = await createClobSim({ port: 0, seed: 7, clock, marketMakers: false, ...(options.authMaxSkewSecs === undefined ? {} : { authMaxSkewSecs: options.authMaxSkewSecs }), ...(options.rpcUrl === undefined ? {} : { rpcUrl: options.rpcUrl, confirmations: 1 }) });
  const audit = createAuditLog({ store: createAuditStore(db), clock });
  const bots = createBotService({ store: createBotStore(db), audit, clock, llmAvailable: false });
  const accounts = new TestAccounts();
  const strategy = new ScriptedStrategy();
  const strategies: StrategySet = { ...builtInStrategies(), 'mean-reversion': strategy as unknown as StrategySet['mean-reversion'] };
  const marketData = createMarketDataCache(createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, synthetic: true }), { clock, bookTtlMs: 1 });
  const venue = createPolymarketLiveVenue({ clobUrl: sim.url });
  return {
    testDb,
    db,
    clock,
    sim,
    accounts,
    strategy,
    bots,
    deps: (live = {}) => ({
      store: createTickStore(db, clock),
      marketData,
      strategies,
      execution: paperExecution,
      clock,
      sleep: async (ms) => clock.advance(ms),
      live: { accounts, venue, orders: createLiveOrderStore(db), sleep: async (ms) => clock.advance(ms), ...live },
    }),
    async stop() {
      await sim.stop();
      await testDb.dispose();
    },
  };
}

export async function admin(sim: ClobSim, path: string, body: unknown, method = 'POST'): Promise<any> {
  const res = await fetch(`${sim.url}${path}`, { method, ...(method === 'GET' ? {} : { body: JSON.stringify(body) }), headers: { 'content-type': 'application/json' } });
  return res.json();
}

export async function simWallet(sim: ClobSim, address: string): Promise<{ collateral: string; tokens: Record<string, string> }> {
  const res = await fetch(`${sim.url}/_sim/wallets/${address}`);
  return (await res.json()) as { collateral: string; tokens: Record<string, string> };
}

export interface Trader {
  readonly address: string;
  readonly client: ClobClient;
  readonly creds: ApiKeyCreds;
}

export async function trader(sim: ClobSim, key: Hex, nonce = 0): Promise<Trader> {
  const wallet = createWalletClient({ account: privateKeyToAccount(key), chain: polygon, transport: http('http://127.0.0.1:9') });
  const address = wallet.account.address;
  const creds = await new ClobClient({ host: sim.url, chain: 137, signer: wallet }).createOrDeriveApiKey(nonce);
  return { address, client: new ClobClient({ host: sim.url, chain: 137, signer: wallet, creds }), creds };
}

/** A live user trading from the EOA of `key`, funded with `collateral` pUSD micros at the local exchange, registered with the harness's accounts. */
export async function fundedEoa(h: LiveHarness, userId: string, key: Hex, collateral = '1000000000', credentialId = `cred_${userId}`): Promise<Trader> {
  const me = await trader(h.sim, key);
  await admin(h.sim, `/_sim/wallets/${me.address}`, { collateral, tokens: {} });
  h.accounts.set(userId, { credentialId, walletType: 0, signerAddress: me.address, funderAddress: me.address }, key, me.creds);
  return me;
}

export async function market(sim: ClobSim, kind: 'binary' | 'neg-risk' | 'position', spec: Record<string, unknown> = {}) {
  const json = await admin(sim, '/_sim/markets', { question: `Live test ${kind} ${Math.random()}`, kind, feeRate: '0.02', ...spec });
  return { conditionId: json.condition_id as string, yes: json.tokens[0].token_id as string, no: json.tokens[1].token_id as string, tick: (json.minimum_tick_size ?? '0.01') as string };
}

/** A resting SELL of `size` shares of `token` at `price` by a maker funded with those shares. */
export async function restingSell(sim: ClobSim, maker: Trader, token: string, price: number, size: number, tickSize: '0.01' | '0.001' = '0.01', negRisk = false) {
  await admin(sim, `/_sim/wallets/${maker.address}`, { collateral: '0', tokens: { [token]: String(size * 1_000_000) } });
  // Position markets trade on ExchangeV3: the maker's order is signed under domain version "3".
  const res = await maker.client.createAndPostOrder({ tokenID: token, price, size, side: Side.SELL }, { tickSize, negRisk, ...(tickSize === '0.001' ? { version: 3 as const } : {}) }, OrderType.GTC);
  if (!res.success) throw new Error(`maker order refused: ${JSON.stringify(res)}`);
  return res.orderID as string;
}

/** A live bot, active, with `budgetMicros` of live budget, watching `token` of `conditionId`. */
export async function liveBot(h: LiveHarness, userId: string, conditionId: string, tokens: readonly string[], budgetMicros = 100_000_000): Promise<string> {
  await h.db.insert(schema.users).values({ id: userId, name: userId, email: `${userId}@example.test` }).onConflictDoNothing();
  const bot = await h.bots.create(userId, { name: 'live', markets: [{ conditionId, tokenIds: [...tokens] }], strategy: { kind: 'mean-reversion', params: {} }, feeModel: { kind: 'polymarket' } });
  await h.db.update(schema.bots).set({ type: 'live', status: 'active', paperBalanceMicros: budgetMicros, startingBalanceMicros: budgetMicros }).where(eq(schema.bots.id, bot.id));
  return bot.id;
}
