/**
 * Builds the whole API on a test database, with a manual clock and silent logs, and speaks to it
 * through `app.handle` — the same Elysia pipeline a socket reaches.
 */
import { createAuth } from '@polymancer/accounts';
import { createAuditLog } from '@polymancer/audit';
import { loadConfig, type Config } from '@polymancer/config';
import { ManualClock } from '@polymancer/core';
import { createBotQueries, createBotService, type BotServiceDeps } from '@polymancer/bots';
import {
  createAuditStore,
  createBotQueryStore,
  createBotStore,
  createKycStore,
  createLiveBotStore,
  createNotificationStore,
  createStepsStore,
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
import type { ApiDeps } from '../src/deps.ts';
import { createRequestCountryResolver } from '../src/http/request-country.ts';
import { databaseAndWorkerReadiness } from '../src/readiness.ts';

export interface ApiHarness {
  readonly app: ReturnType<typeof createApi>;
  readonly deps: ApiDeps;
  readonly clock: ManualClock;
  readonly database: TestDatabase;
  /** The user's notifications in the outbox, oldest first. */
  notificationsOf(userId: string): Promise<Array<{ readonly kind: string; readonly data: Readonly<Record<string, unknown>> }>>;
  /** Users whose exchange credentials count as valid (until the credential vault is wired into the harness). */
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
  const credentials: CredentialsPort = {
    async credentialStatus(userId) {
      return validCredentials.has(userId) ? { valid: true, reason: null } : { valid: false, reason: 'Import valid Polymarket API credentials' };
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
        ...(options.markets === undefined ? {} : { markets: options.markets }),
        liveBotMayRun: (userId, botId) => unlock.goLive.assertLiveBotMayRun(userId, botId),
      }),
      queries: botQueries,
    },
    unlock,
    requestCountry: createRequestCountryResolver({ header: config.jurisdiction.requestCountryHeader, countryOf: (ip) => lookup.countryOf(ip), isLocal: isLocalAddress }),
    notifications,
  };
  const app = createApi(deps);
  return {
    app,
    deps,
    clock,
    database,
    notificationsOf: async (userId) => [...(await notifications.list(userId, { limit: 100 })).items].reverse().map((n) => ({ kind: n.kind, data: n.data })),
    validCredentials,
    request: (path, init) => app.handle(new Request(`http://localhost${path}`, init)),
    dispose: () => database.dispose(),
  };
}
