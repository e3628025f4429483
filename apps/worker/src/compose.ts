/**
 * The worker's composition, shared by `./polymancer start` (which runs it beside the API) and the
 * standalone worker (`bun apps/worker/src/main.ts`): the services its jobs need, built from
 * configuration, and every job a worker runs. One list, so a second worker process runs exactly
 * what `start`'s worker runs.
 */
import { createLlmStrategy, llmStrategyAvailable } from '@polymancer/ai';
import { type AuditLinker, createAuditLinker, createAuditLog, type AuditLog } from '@polymancer/audit';
import { type BotQueries, type BotStore, createBotQueries, createLiquidator, createMarketDataCache, createRedemptions, type LiveDeps, type MarketData, paperExecution, type Redemptions, type TickDeps } from '@polymancer/bots';
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { createAuditStore, createBotQueryStore, createBotStore, createBreakerStore, createEmergencyStore, createLiquidationStore, createLiveOrderStore, createRiskLedgerStore, createSlippageStore, createNotificationStore, createRedemptionStore, createSettlementTxStore, createTickScheduleStore, createTickStore, type DatabaseHandle } from '@polymancer/db';
import type { JobRunner } from '@polymancer/jobs';
import { createLogTransport, createSmtpTransport, mailDomainOf } from '@polymancer/mail';
import { createNotificationSender, createNotificationService, type NotificationSender, type NotificationService, notifierFor } from '@polymancer/notify';
import { errorForLog, type Logger, type Metrics } from '@polymancer/observability';
import { createChainReader, createChainRedeemer, createLiveWalletReader, createPolymarketLiveVenue, createPolymarketMarketData, createPolymarketRelayer, createSelfRelayer, createTxObserver, LOCAL_WALLET_CONTRACTS, signingEnvironment, type WalletBatchRelayer } from '@polymancer/polymarket';
import { type Breakers, createBreakers, createEmergency, createLiveRisk, createSlippageReports, type Emergency, type LiveRisk, type SlippageReports } from '@polymancer/safety';
import { builtInStrategies } from '@polymancer/strategies';
import type { CredentialVault, KeyRing } from '@polymancer/credentials';
import type { UnlockService } from '@polymancer/unlock';
import { checkpointerFromConfig, startAuditCheckpoints } from './audit-checkpoints/index.ts';
import { startAuditLinking } from './audit-linking.ts';
import { startBotTicks } from './bot-ticks.ts';
import { jobDeliveryQueue, startNotificationSender } from './notifications.ts';
import { createUnlock } from './unlock-wiring.ts';
import { createVault, credentialKeyRingFrom } from './credential-wiring.ts';
import { startUnlockSweep } from './unlock-sweep.ts';
import { startCredentialJobs } from './credential-jobs.ts';
import { startSettlementMonitor } from './settlement-monitor.ts';
import { startLiveReconciliation } from './live-reconciliation.ts';
import { startLiveRedemption } from './live-redemption.ts';
import { startRepeatingPass } from './repeating-pass.ts';
import { startSlippageTightening } from './slippage-tightening.ts';
import { startWorker } from './worker.ts';
import { createSettlementMonitor, settlementAlerts, type SettlementMonitor } from '@polymancer/settlement';

export interface WorkerServicesOptions {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly jobs: JobRunner;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The CLOB and Gamma the ticks read; `synthetic` when it is the local exchange. */
  readonly exchange: { readonly clobUrl: string; readonly gammaUrl: string; readonly dataUrl: string; readonly synthetic: boolean; readonly rpcUrl?: string | undefined };
  /** The credential vault's master keys; default from configuration (or the local key file). */
  readonly keyRing?: KeyRing;
}

export interface WorkerServices {
  readonly audit: AuditLog;
  /** Links the audit events bot ticks write unlinked: nudged by each tick, and a pass every few seconds. */
  readonly auditLinker: AuditLinker;
  readonly marketData: MarketData;
  readonly llmAvailable: boolean;
  readonly botStore: BotStore;
  readonly botQueries: BotQueries;
  readonly notifications: NotificationService;
  readonly notificationSender: NotificationSender;
  readonly unlock: UnlockService;
  /** Circuit breakers over all live trading (issue 20): every live tick asks them first. */
  readonly breakers: Breakers;
  /** Emergency stops and trading freezes (issue 20). */
  readonly emergency: Emergency;
  /** Live risk admission (rollout caps from LIVE_ROLLOUT_STARTED_AT, new user's volume, daily loss): the live path's `LiveDeps.risk`. */
  readonly liveRisk: LiveRisk;
  /** The credential vault (also requirement 7 of the unlock path). */
  readonly credentials: CredentialVault;
  readonly tick: TickDeps;
  /** The live order path (issue 20): the vault's accounts, the venue over the official client, breakers and risk admission. */
  readonly live: LiveDeps;
  /** Watches settlement transactions when a chain RPC is known (POLYGON_RPC_URL or the local exchange's chain). */
  readonly settlementMonitor: SettlementMonitor | undefined;
  /** Slippage differential reports, the owner's opt-in, and applying the suggestion (`live.slippage` job). */
  readonly slippage: SlippageReports;
  /** Redeems live positions in resolved markets when a chain RPC is known (as the settlement monitor). */
  readonly redemptions: Redemptions | undefined;
  /** Closes what the services opened themselves (the SMTP pool). */
  close(): void;
}

/**
 * Anvil's tenth default test key (public, worthless anywhere else): on the local exchange's own chain it
 * relays deposit wallets' redemption batches, as Polymarket's relayer does on Polygon.
 */
const LOCAL_CHAIN_RELAYER_KEY = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';

/** The exchange a process reads when POLYMARKET_CLOB_URL is unset: `start`'s local exchange (or `localUrl`). */
export function exchangeFrom(config: Config, localUrl: string, localRpcUrl?: string): WorkerServicesOptions['exchange'] {
  const clobUrl = config.polymarket.clobUrl ?? localUrl;
  const local = config.polymarket.clobUrl === undefined;
  // The local exchange answers Gamma's routes too; against the real CLOB, the real Gamma.
  const gammaUrl = config.polymarket.gammaUrl ?? (local ? `${localUrl}/gamma` : 'https://gamma-api.polymarket.com');
  // Public trade prints: the local exchange serves the data API's `/trades` for its own fills.
  const dataUrl = config.polymarket.dataUrl ?? (local ? `${localUrl}/data-api` : 'https://data-api.polymarket.com');
  return { clobUrl, gammaUrl, dataUrl, synthetic: local, rpcUrl: config.polygonRpcUrl ?? (local ? localRpcUrl : undefined) };
}

/**
 * Who relays deposit wallets', proxy wallets' and Safes' redemptions (gasless): Polymarket's relayer protocol over
 * HTTP whenever the environment names a relayer (mainnet, preproduction, or POLYMARKET_RELAYER_URL — also the local
 * exchange's own `/relayer`); on the local chain without one, the worker relays itself with a local gas key;
 * otherwise none (smart wallets are not redeemed; EOAs still are).
 */
export function redemptionRelayerFor(config: Config, rpcUrl: string, localChain: boolean): { readonly kind: 'polymarket' | 'self' | 'none'; readonly relayer: WalletBatchRelayer | undefined } {
  const url = config.relayer.url;
  if (url !== undefined) {
    const factory = config.exchangeEnvironment.contracts?.depositWalletFactory as `0x${string}` | undefined;
    return { kind: 'polymarket', relayer: createPolymarketRelayer({ relayerUrl: url, auth: config.relayer.auth, ...(factory === undefined ? {} : { depositWalletFactory: factory }) }) };
  }
  if (localChain) return { kind: 'self', relayer: createSelfRelayer({ rpcUrl, gasKey: LOCAL_CHAIN_RELAYER_KEY }) };
  return { kind: 'none', relayer: undefined };
}

export function composeWorkerServices(options: WorkerServicesOptions): WorkerServices {
  const { config, database, jobs, logger, clock } = options;
  const db = database.db;
  const auditStore = createAuditStore(db);
  const audit = createAuditLog({ store: auditStore, clock });
  const auditLinker = createAuditLinker({ store: auditStore, onError: (err) => logger.warn({ err: errorForLog(err) }, 'audit linking failed (the next pass retries)') });
  // The local exchange's markets are synthetic: where real money is configured they make no paper record.
  const marketData = createPolymarketMarketData(options.exchange);
  const llmAvailable = llmStrategyAvailable(config.openRouter).ok;
  const strategies = builtInStrategies(llmAvailable ? createLlmStrategy(config.openRouter) : undefined);
  const botStore = createBotStore(db);
  const tickStore = createTickStore(db, clock, { auditLinker });
  const botQueries = createBotQueries({ bots: botStore, queries: createBotQueryStore(db), ticks: tickStore, clock });
  const notificationStore = createNotificationStore(db);
  const deliveryQueue = jobDeliveryQueue(jobs);
  const smtp = config.mail.smtpUrl === undefined ? undefined : createSmtpTransport({ url: config.mail.smtpUrl, from: config.mail.from });
  const notifications = createNotificationService({ store: notificationStore, clock, queue: deliveryQueue, messageIdDomain: mailDomainOf(config.mail.from) });
  const notificationSender = createNotificationSender({ store: notificationStore, transport: smtp ?? createLogTransport(logger), clock, queue: deliveryQueue });
  // The chain orders are signed for and the contracts read on it, from the environment profile (refused at start when no order could be valid).
  const signing = signingEnvironment(config.exchangeEnvironment);
  const credentials = createVault({ db, clobUrl: options.exchange.clobUrl, rpcUrl: config.polygonRpcUrl, signing, keyRing: options.keyRing ?? credentialKeyRingFrom(config), audit, notifier: notifierFor(notifications), clock, logger });
  const unlock = createUnlock({
    config,
    db,
    audit,
    clock,
    logger,
    paperRecords: botQueries,
    notifier: notifierFor(notifications),
    credentials,
  });
  const breakers = createBreakers({ store: createBreakerStore(db), audit, clock, notifier: notifierFor(notifications) });
  const liveRisk = createLiveRisk({ ledger: createRiskLedgerStore(db), clock, rolloutStartedAt: config.liveRolloutStartedAt ?? null });
  const slippage = createSlippageReports({ store: createSlippageStore(db), audit, clock, notifier: notifierFor(notifications) });
  // A live bot's order: signed inside the vault's signing scope, committed `submitting`, posted once.
  const rpcUrl = options.exchange.rpcUrl;
  // Gas and pUSD are checked on chain before every live order when a chain is known (POLYGON_RPC_URL or the local exchange's).
  const wallets = rpcUrl === undefined ? undefined : createLiveWalletReader(createChainReader({ rpcUrl, contracts: signing.contracts }));
  const live: LiveDeps = { accounts: credentials.liveAccounts, venue: createPolymarketLiveVenue({ clobUrl: options.exchange.clobUrl, chainId: signing.chainId, timeoutMs: config.liveExchangeTimeoutMs }), orders: createLiveOrderStore(db), breakers, risk: liveRisk, ...(wallets === undefined ? {} : { wallets }) };
  // "Close all positions": fresh books (not the tick cycle's cache); paper through the paper engine, live through the live order path.
  const liquidator = createLiquidator({ store: tickStore, liquidations: createLiquidationStore(db), marketData, clock, live });
  const emergency = createEmergency({ store: createEmergencyStore(db), audit, clock, notifier: notifierFor(notifications), liquidator });
  const tick: TickDeps = {
    store: tickStore,
    // ONE cache per process, shared by every tick: a thousand bots on one market cost one fetch a cycle.
    marketData: createMarketDataCache(marketData, { clock }),
    strategies,
    execution: paperExecution,
    clock,
    realMoneyDeployment: config.realMoney,
    liveTrading: breakers,
    live,
    notifier: notifierFor(notifications),
  };
  const settlementMonitor =
    rpcUrl === undefined
      ? undefined
      : createSettlementMonitor({ store: createSettlementTxStore(db), chain: createTxObserver({ rpcUrl }), alerts: settlementAlerts({ notifier: notifierFor(notifications), audit, stopBot: (botId, reason) => emergency.systemStop(botId, reason) }), clock });
  // Smart wallets redeem gasless through a relayer (redemptionRelayerFor); EOAs pay their own gas.
  const localChain = options.exchange.synthetic && config.polygonRpcUrl === undefined;
  const settlementTxs = createSettlementTxStore(db);
  const relaying = rpcUrl === undefined ? undefined : redemptionRelayerFor(config, rpcUrl, localChain);
  if (relaying !== undefined) logger.info({ relayer: relaying.kind }, 'smart-wallet redemptions: relayer chosen');
  if (relaying?.kind === 'polymarket' && config.relayer.auth === undefined) {
    logger.warn('a relayer is configured without credentials (POLYMARKET_RELAYER_API_KEY or POLYMARKET_BUILDER_*): Polymarket refuses unauthenticated submissions, so smart wallets are not redeemed');
  }
  const redemptions =
    rpcUrl === undefined
      ? undefined
      : createRedemptions({
          store: createRedemptionStore(db),
          chain: createChainRedeemer({ rpcUrl, chainId: signing.chainId, contracts: signing.contracts, ...(relaying?.relayer === undefined ? {} : { relayer: relaying.relayer }), ...(localChain ? { walletContracts: LOCAL_WALLET_CONTRACTS } : {}) }),
          accounts: credentials.liveAccounts,
          ticks: tickStore,
          marketData: tick.marketData,
          clock,
          onSubmitted: (tx) => settlementTxs.track({ userId: tx.userId, botId: null, kind: 'redemption', txHash: tx.txHash, submittedAt: tx.submittedAt }),
        });
  return { audit, auditLinker, marketData, llmAvailable, botStore, botQueries, notifications, notificationSender, unlock, breakers, emergency, liveRisk, credentials, tick, live, settlementMonitor, redemptions, slippage, close: () => smtp?.close() };
}

export interface WorkerJobs {
  readonly workerId: string;
  /** Wakes the tick scheduler now (bots created outside the API tick without waiting for its next look). */
  wakeTicks(): void;
  /** Stops this process's handlers (waiting for those in flight); leaves the job runner alone. */
  stop(): Promise<void>;
}

export interface WorkerJobsOptions {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly jobs: JobRunner;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly services: WorkerServices;
  /** The registry /metrics serves (the scheduler's gauges, counters and lateness percentiles). */
  readonly metrics?: Metrics;
}

/** Every job a worker process runs: heartbeat, bot ticks (the scheduler), unlock sweep, notification delivery, audit linking and checkpoints, credential re-validation/rotation/re-encryption, settlement monitoring, live-order reconciliation, redemption, slippage tightening, interrupted-liquidation recovery. */
export async function startWorkerJobs(options: WorkerJobsOptions): Promise<WorkerJobs> {
  const { config, database, jobs, logger, clock, services } = options;
  await jobs.start();
  const worker = await startWorker({ database, jobs, logger, heartbeatCron: config.workerHeartbeatCron });
  const ticks = startBotTicks({
    store: createTickScheduleStore(database.db),
    tick: services.tick,
    clock,
    logger,
    workerId: worker.workerId,
    lanes: { rules: { concurrency: config.ticks.concurrency }, llm: { concurrency: config.ticks.llmConcurrency } },
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  const unlockSweep = await startUnlockSweep({ jobs, unlock: services.unlock, logger });
  const notificationSender = await startNotificationSender({ jobs, logger, sender: services.notificationSender });
  const credentialJobs = await startCredentialJobs({ jobs, vault: services.credentials, logger });
  const settlement = services.settlementMonitor ? await startSettlementMonitor({ jobs, monitor: services.settlementMonitor, logger }) : undefined;
  const reconciliation = await startLiveReconciliation({ jobs, deps: { store: services.tick.store, clock, marketData: services.tick.marketData }, live: services.live, logger });
  const redemption = services.redemptions ? await startLiveRedemption({ jobs, redemptions: services.redemptions, logger }) : undefined;
  const slippage = await startSlippageTightening({ jobs, slippage: services.slippage, logger });
  // "Close all positions" runs whose process died: closed as `interrupted` 15 minutes after they started.
  const liquidationRecovery = await startRepeatingPass({ jobs, name: 'liquidation.recover', intervalSecs: 300, logger, pass: () => services.emergency.recoverInterruptedLiquidations(), worthLogging: (pass) => pass.interrupted + pass.settled > 0 });
  const auditLinking = await startAuditLinking({ jobs, linker: services.auditLinker, logger });
  const checkpointer = checkpointerFromConfig(config, database, clock, services.auditLinker);
  const checkpoints = await startAuditCheckpoints({ jobs, checkpointer, logger, cron: config.auditCheckpoints.cron });
  // A checkpoint at start covers whatever happened while no worker ran; one at shutdown covers this run.
  await checkpointer.take();
  return {
    workerId: worker.workerId,
    wakeTicks: () => ticks.wake(),
    stop: async () => {
      await ticks.stop();
      await unlockSweep.stop();
      await notificationSender.stop();
      await credentialJobs.stop();
      await settlement?.stop();
      await reconciliation.stop();
      await redemption?.stop();
      await slippage.stop();
      await liquidationRecovery.stop();
      await checkpoints.stop();
      await auditLinking.stop();
      await worker.stop();
      await checkpointer.take().catch((err: unknown) => logger.warn({ err: errorForLog(err) }, 'audit checkpoint at shutdown failed'));
    },
  };
}
