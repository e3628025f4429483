/**
 * Builds the whole API on a test database, with a manual clock and silent logs, and speaks to it
 * through `app.handle` — the same Elysia pipeline a socket reaches.
 */
import { createAuth } from '@polymancer/accounts';
import { createAuditLog } from '@polymancer/audit';
import { loadConfig, type Config } from '@polymancer/config';
import { ManualClock } from '@polymancer/core';
import { createBotQueries, createBotService, createLiquidator, createLivePreflight, type BotServiceDeps, type LiveWalletPort, type MarketData } from '@polymancer/bots';
import { createCredentialVault, createKeyRing, type ExchangeAccountPort, type KeyRing, type WalletStatePort } from '@polymancer/credentials';
import { createExchangeAccount, createPolymarketLiveVenue } from '@polymancer/polymarket';
import { InfrastructureError } from '@polymancer/core';
import { randomBytes } from 'node:crypto';
import {
  createAuditStore,
  createBotQueryStore,
  createBotStore,
  createBreakerStore,
  createEmergencyStore,
  createSlippageStore,
  createCredentialStore,
  createExportRequestStore,
  createKycStore,
  createLiveBotStore,
  createLiveOrderStore,
  createNotificationStore,
  createStepsStore,
  createLiquidationStore,
  createTickStore,
  createTierStore,
  createUnlockStore,
} from '@polymancer/db';
import { createCountryLookup, isLocalAddress } from '@polymancer/geoip';
import { createSandboxKycProvider } from '@polymancer/kyc';
import { type CredentialsPort, createUnlockService, type KycProvider, paperRecordFromBots, unlockSettingsFrom } from '@polymancer/unlock';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createLogger, createMetrics, type Logger } from '@polymancer/observability';
import { createTestDatabase, type Engine, type TestDatabase } from '../../../test/databases.ts';
import { createApi } from '../src/app.ts';
import { createBreakers, createEmergency, createSlippageReports } from '@polymancer/safety';
import type { ApiDeps } from '../src/deps.ts';
import type { MarketDirectory } from '@polymancer/polymarket';
import { createRequestCountryResolver } from '../src/http/request-country.ts';
import { databaseAndWorkerReadiness } from '../src/readiness.ts';

export interface ApiHarness {
  readonly app: ReturnType<typeof createApi>;
  readonly deps: ApiDeps;
  readonly clock: ManualClock;
  readonly database: TestDatabase;
  /** The user's notifications in the outbox, oldest first. */
  notificationsOf(userId: string): Promise<Array<{ readonly kind: string; readonly data: Readonly<Record<string, unknown>> }>>;
  /** The vault's master-key ring (tests rotate it). */
  keyRing: KeyRing;
  /** Users whose exchange credentials count as valid without an import (a stand-in for tests that are not about credentials); everyone else asks the vault. */
  readonly validCredentials: Set<string>;
  request(path: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** The venue bot writes check watched markets against (as `start` wires it); unset = formats only. */
  readonly markets?: BotServiceDeps['markets'];
  /** The KYC provider; default the sandbox. */
  readonly kyc?: (clock: ManualClock) => KycProvider;
  /** The API's (and better-auth's) logger; unset = silent at LOG_LEVEL. */
  readonly logger?: Logger;
  /** The exchange credentials are validated at (a local exchange's URL); unset = unreachable, every import answers 503. */
  readonly exchangeUrl?: string;
  /** The credential vault's master keys; default one random key. */
  readonly keyRing?: () => KeyRing;
  /** Markets for `/api/v1/markets*` (see markets-helpers.ts); unset = those routes answer 503. */
  readonly marketDirectory?: MarketDirectory;
  /** The wallet-state reader; default the exchange's balance-allowance endpoint. */
  readonly wallets?: WalletStatePort;
  /** Pre-flight's wallet reader on chain; unset = the wallet checks answer "not checked". */
  readonly liveWallets?: LiveWalletPort;
  /** Pre-flight's market reads; unset = `markets`, else unreachable. */
  readonly marketData?: Pick<MarketData, 'getMarket'>;
  /** Markets and books "close all positions" sells into (the local exchange over HTTP); unset = unreachable (holdings reported not sold). */
  readonly liquidationMarketData?: Pick<MarketData, 'getMarket' | 'getBook'>;
}

export async function createApiHarness(engine: Engine, env: Record<string, string> = {}, options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const database = await createTestDatabase(engine);
  const config: Config = loadConfig({
    POLYMANCER_ENV: 'test',
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    AUTH_RATE_LIMIT_MAX: '1000',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const clock = new ManualClock(new Date());
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const audit = createAuditLog({ store: createAuditStore(database.handle.db), clock });
  const db = database.handle.db;
  const botStore = createBotStore(db);
  const botQueries = createBotQueries({ bots: botStore, queries: createBotQueryStore(db), ticks: createTickStore(db, clock), clock });
  // No job runner here: deliveries wait in the outbox (the sender is tested in packages/notify and apps/worker).
  const notifications = createNotificationService({ store: createNotificationStore(db), clock, messageIdDomain: 'polymancer.test' });
  const validCredentials = new Set<string>();
  const unreachable = (): never => {
    throw new InfrastructureError('Polymarket clob is not configured in this harness', { retryable: true });
  };
  const exchangeAccount = options.exchangeUrl === undefined ? undefined : createExchangeAccount({ clobUrl: options.exchangeUrl });
  const exchange: ExchangeAccountPort = exchangeAccount ?? { authenticate: async () => unreachable(), revokeApiKey: async () => unreachable() };
  const ring = createKeyRing([{ id: 'test-1', key: randomBytes(32) }]);
  const harnessRing = { current: ring };
  const vault = createCredentialVault({
    store: createCredentialStore(db),
    exports: createExportRequestStore(db),
    keyRing: options.keyRing ?? (() => harnessRing.current),
    exchange,
    wallets: options.wallets ?? exchangeAccount ?? { read: async () => unreachable() },
    liveBots: createLiveBotStore(db),
    notifier: notifierFor(notifications),
    audit,
    clock,
  });
  const credentials: CredentialsPort = {
    async credentialStatus(userId) {
      return validCredentials.has(userId) ? { valid: true, reason: null } : vault.credentialStatus(userId);
    },
  };
  const unlock = createUnlockService({
    store: createUnlockStore(db),
    steps: createStepsStore(db),
    kycStore: createKycStore(db),
    kyc: options.kyc?.(clock) ?? createSandboxKycProvider({ realMoney: config.realMoney }),
    tiers: createTierStore(db),
    liveBots: createLiveBotStore(db),
    paperRecord: paperRecordFromBots(botQueries),
    credentials,
    notifier: notifierFor(notifications),
    audit,
    clock,
    settings: unlockSettingsFrom(config),
  });
  const lookup = createCountryLookup();
  const deps: ApiDeps = {
    config,
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    clock,
    database: database.handle,
    audit,
    auth: createAuth({ db: database.handle.db, config, audit, clock, logger }),
    readiness: databaseAndWorkerReadiness({ db: database.handle.db, clock, heartbeatMaxAgeSecs: config.readyHeartbeatMaxAgeSecs }),
    bots: {
      service: createBotService({
        store: botStore,
        audit,
        clock,
        llmAvailable: config.openRouter.apiKey !== undefined,
        maxBotsPerUser: config.maxBotsPerUser,
        ...(options.markets === undefined ? {} : { markets: options.markets }),
        liveBotMayRun: (userId, botId) => unlock.goLive.assertLiveBotMayRun(userId, botId),
      }),
      queries: botQueries,
    },
    unlock,
    requestCountry: createRequestCountryResolver({ header: config.jurisdiction.requestCountryHeader, countryOf: (ip) => lookup.countryOf(ip), isLocal: isLocalAddress }),
    notifications,
    credentials: vault,
    safety: {
      breakers: createBreakers({ store: createBreakerStore(db), audit, clock }),
      emergency: createEmergency({
        store: createEmergencyStore(db),
        audit,
        clock,
        notifier: notifierFor(notifications),
        // Paper bots sell through the paper engine; live bots have no live order path here (reported not sold).
        liquidator: createLiquidator({ store: createTickStore(db, clock), liquidations: createLiquidationStore(db), marketData: options.liquidationMarketData ?? { getMarket: async () => unreachable(), getBook: async () => unreachable() }, clock }),
      }),
      slippage: createSlippageReports({ store: createSlippageStore(db), audit, clock, notifier: notifierFor(notifications) }),
    },
    preflight: createLivePreflight({
      bots: botStore,
      orders: createLiveOrderStore(db),
      accounts: vault.liveAccounts,
      // Without a local exchange, a closed port: the exchange check answers "did not answer".
      venue: createPolymarketLiveVenue({ clobUrl: options.exchangeUrl ?? 'http://127.0.0.1:9' }),
      wallets: options.liveWallets,
      marketData: options.marketData ?? options.markets ?? { getMarket: async () => unreachable() },
      clock,
    }),
    ...(options.marketDirectory === undefined ? {} : { markets: options.marketDirectory }),
  };
  const app = createApi(deps);
  return {
    app,
    deps,
    clock,
    database,
    notificationsOf: async (userId) => [...(await notifications.list(userId, { limit: 100 })).items].reverse().map((n) => ({ kind: n.kind, data: n.data })),
    validCredentials,
    get keyRing() {
      return harnessRing.current;
    },
    set keyRing(next: KeyRing) {
      harnessRing.current = next;
    },
    request: (path, init) => app.handle(new Request(`http://localhost${path}`, init)),
    dispose: () => database.dispose(),
  };
}
