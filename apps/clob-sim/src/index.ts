/**
 * `createClobSim`: start the local Polymarket exchange (CLOB V2 protocol) on a port (0 = random).
 * Used by `./polymancer sim`, `./polymancer start` and tests.
 */
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '@polymancer/core';
import { createRng } from './markets/rng.ts';
import { MarketMakerAgents } from './markets/market-maker.ts';
import { seedMarkets } from './markets/seed.ts';
import { loadRecordedBooks } from './replay/load.ts';
import { loadRecordedMarkets } from './replay/load-markets.ts';
import { ReplayBooks } from './replay/replay-books.ts';
import { buildApp } from './server.ts';
import { WsHub } from './ws/hub.ts';
import { Faults } from './faults.ts';
import { deployLocalChain, type LocalChain } from '@polymancer/local-chain';
import { ChainMode, type ChainInfo } from './chain/chain-mode.ts';
import { erc1271Checker } from './chain/erc1271.ts';
import { ChainSettlement } from './settlement/chain-settlement.ts';
import { LocalRelayer, type LocalRelayerCredential } from './relayer/local-relayer.ts';
import type { Address, Hex } from 'viem';
import { Exchange } from './state/exchange.ts';
import type { SettlementSchedule } from './state/types.ts';

export interface ClobSimOptions {
  readonly port?: number;
  readonly hostname?: string;
  readonly seed?: number;
  /** 137 (default, what the official client signs for), 80002, or a local chain id. */
  readonly chainId?: number;
  /**
   * Serve recorded `/book` snapshots from this folder over time, on markets named by the CLOB market
   * descriptions recorded beside them; paper bots trade on them, real orders are refused.
   */
  readonly replayDir?: string;
  /** Recorded milliseconds per simulator millisecond during replay. Default 1. */
  readonly replaySpeed?: number;
  readonly clock?: Clock;
  /** Mount the `/_sim/*` admin API (local mode). Default true. */
  readonly admin?: boolean;
  /**
   * Bearer token that opens `/_sim/*` to requests from other hosts (`Authorization: Bearer <token>`).
   * Unset = the admin API answers loopback requests only.
   */
  readonly adminToken?: string;
  /**
   * Production refuses every `/_sim/*` request (403 `admin_disabled_in_production`). Default: whether
   * POLYMANCER_ENV is `production`.
   */
  readonly production?: boolean;
  /**
   * The secret API keys are derived under, deterministically per (address, nonce) as Polymarket's are.
   * `start` and `sim` keep a random one in the data folder (`clob-sim-keys.secret`, mode 0600); unset = a
   * fresh random secret for this process, so nobody can compute another user's credentials.
   */
  readonly keySecret?: string;
  /** Seed market-maker quotes on the synthetic markets. Default true. */
  readonly seedQuotes?: boolean;
  /** Market-maker agents re-quote around a seeded random walk every `intervalMs` of simulator time; false = static quotes. */
  readonly marketMakers?: { readonly intervalMs: number; readonly levels?: number } | false;
  readonly settlement?: SettlementSchedule;
  /**
   * Chain mode: install the local contract set on this chain (anvil) and make its balances and allowances the
   * exchange's; each trade settles as a real transaction. Off by default (ledger-only).
   */
  readonly rpcUrl?: string;
  /** Admin key of the local chain (deployer, oracle, settlement operator); defaults to anvil's first test account. */
  readonly settlerPrivateKey?: Hex;
  /** Gas key of the local relayer (`/relayer`, chain mode); defaults to anvil's ninth test account. */
  readonly relayerKey?: Hex;
  /** Relayer credentials `/relayer/submit` accepts from the start (besides keys issued by `/_sim/relayer/*`). */
  readonly relayerCredentials?: readonly LocalRelayerCredential[];
  /** Blocks on top of a settlement transaction before its trade is CONFIRMED. Default 3. */
  readonly confirmations?: number;
  /** How often chain settlement polls receipts, real milliseconds; 0 = only on `pollSettlement()`. Default 500. */
  readonly settlementPollMs?: number;
  readonly heartbeatTimeoutMs?: number;
  readonly authMaxSkewSecs?: number;
  readonly marketsPageSize?: number;
  readonly ordersPageSize?: number;
}

export interface ClobSim {
  readonly url: string;
  /** `ws://host:port` — the market channel is `${wsUrl}/ws/market`, the user channel `${wsUrl}/ws/user`. */
  readonly wsUrl: string;
  readonly port: number;
  readonly exchange: Exchange;
  /** Chain mode: the RPC URL, chain id, admin and contract addresses (also served at `GET /_sim/chain`). */
  readonly chain: ChainInfo | undefined;
  /** Chain mode: the local chain's admin handle (fund, resolve, deploy deposit wallets) for tests and `start`. */
  readonly localChain: LocalChain | undefined;
  /** Chain mode: Polymarket's relayer protocol on the local chain, served at `${url}/relayer`. */
  readonly relayer: LocalRelayer | undefined;
  /** Refresh trade statuses from the chain now (settlement polls every 500 ms on its own). */
  pollSettlement(): Promise<void>;
  stop(): Promise<void>;
}

export function createExchange(options: ClobSimOptions = {}, chain?: LocalChain): Exchange {
  const seed = options.seed ?? 1;
  let exchangeRef: Exchange | undefined;
  const settler = chain
    ? new ChainSettlement({
        chain,
        exchangeOf: (trade) => exchangeRef!.spenderAddress(trade.market),
        ...(options.confirmations !== undefined ? { confirmations: options.confirmations } : {}),
      })
    : undefined;
  const exchange = new Exchange({
    ...(settler ? { settler } : {}),
    ...(options.rpcUrl ? { erc1271: erc1271Checker(options.rpcUrl) } : {}),
    chainId: options.chainId ?? 137,
    clock: options.clock ?? systemClock,
    serverSecret: options.keySecret ?? randomBytes(32).toString('base64url'),
    settlement: options.settlement ?? { minedAfterMs: 2_000, confirmedAfterMs: 10_000 },
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 10_000,
  });
  exchangeRef = exchange;
  const rng = createRng(seed ^ 0x9e3779b9);
  const seeded = seedMarkets(seed, exchange.nowSecs());
  for (const market of seeded) {
    exchange.addMarket(market);
    if (options.seedQuotes ?? true) exchange.seedQuotes(market, rng);
  }
  const makers = options.marketMakers ?? { intervalMs: 5_000 };
  if (makers && (options.seedQuotes ?? true)) {
    const agents = new MarketMakerAgents(exchange, seeded, createRng(seed ^ 0x51515151), { intervalMs: makers.intervalMs, levels: makers.levels ?? 5 });
    exchange.tickers.push(() => agents.tick());
  }
  if (options.replayDir) {
    exchange.addReplayMarkets(new ReplayBooks(loadRecordedBooks(options.replayDir), exchange.nowMs(), options.replaySpeed ?? 1), loadRecordedMarkets(options.replayDir));
  }
  return exchange;
}

export async function createClobSim(options: ClobSimOptions = {}): Promise<ClobSim> {
  const localChain = options.rpcUrl ? await deployLocalChain({ rpcUrl: options.rpcUrl, ...(options.settlerPrivateKey ? { adminKey: options.settlerPrivateKey } : {}) }) : undefined;
  const exchange = createExchange(options, localChain);
  let chainMode: ChainMode | undefined;
  if (localChain) {
    chainMode = new ChainMode(localChain, exchange, exchange.settler as ChainSettlement);
    await chainMode.setUp();
    exchange.attachChainFunds(chainMode);
  }
  const relayer = localChain && chainMode
    ? new LocalRelayer({ rpcUrl: chainMode.info.rpcUrl, chainId: chainMode.info.chainId, client: localChain.client, relayHub: localChain.walletContracts.relayHub, walletsOf: { depositWallet: (owner) => localChain.read<Address>(localChain.contracts.depositWalletFactory, 'DepositWalletFactory', 'predict', [owner]), safe: (owner) => localChain.read<Address>(localChain.walletContracts.safeFactory, 'SafeProxyFactory', 'computeProxyAddress', [owner]) }, ...(options.relayerKey ? { gasKey: options.relayerKey } : {}), ...(options.relayerCredentials ? { trusted: options.relayerCredentials } : {}) })
    : undefined;
  const hub = new WsHub(exchange);
  const app = buildApp(exchange, {
    chainId: exchange.chainId,
    authMaxSkewSecs: options.authMaxSkewSecs ?? 300,
    marketsPageSize: options.marketsPageSize ?? 1_000,
    ordersPageSize: options.ordersPageSize ?? 500,
    admin: options.admin ?? true,
    adminAccess: { token: options.adminToken, production: options.production ?? process.env['POLYMANCER_ENV'] === 'production' },
  }, hub, new Faults(options.seed ?? 1), chainMode, relayer);
  const hostname = options.hostname ?? '127.0.0.1';
  try {
    // Elysia turns on SO_REUSEPORT by default: a second exchange would silently share the port.
    app.listen({ port: options.port ?? 0, hostname, reusePort: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`the local exchange's port ${options.port} on ${hostname} is already in use (is another Polymancer or sim running? set CLOB_SIM_PORT or --port)`, { cause: error });
  }
  const port = app.server?.port;
  if (port === undefined) throw new Error('clob-sim failed to listen');
  const sweep = setInterval(() => {
    exchange.sweep();
    hub.sweep();
  }, 1_000);
  sweep.unref?.();
  let polling = Promise.resolve();
  const pollSettlement = () => {
    polling = polling.then(() => exchange.settler.poll()).catch(() => undefined);
    return polling;
  };
  const pollMs = options.settlementPollMs ?? 500;
  const chainPoll = options.rpcUrl && pollMs > 0 ? setInterval(() => void pollSettlement(), pollMs) : undefined;
  chainPoll?.unref?.();
  return {
    url: `http://${hostname}:${port}`,
    wsUrl: `ws://${hostname}:${port}`,
    port,
    exchange,
    chain: chainMode?.info,
    localChain,
    relayer,
    pollSettlement,
    async stop() {
      clearInterval(sweep);
      if (chainPoll) clearInterval(chainPoll);
      await app.stop(true);
    },
  };
}

export { Exchange, MARKET_MAKER_ADDRESS } from './state/exchange.ts';
export type { SimMarket } from './markets/types.ts';
export type { ChainInfo } from './chain/chain-mode.ts';
export { parseSimArgs, type ParsedSimArgs } from './cli.ts';
export { LOCAL_RELAYER_KEY, LocalRelayer, type LocalRelayerCredential, type RelayerFault } from './relayer/local-relayer.ts';
