/**
 * The composition root for `start`: builds every adapter from configuration and wires them into
 * the services and apps. The only place that knows which implementation backs which port.
 * With nothing configured: embedded PGlite, the local exchange (clob-sim) in this process, and
 * built-in strategies only.
 */
import { createAuth } from '@polymancer/accounts';
import { createLlmStrategy, llmStrategyAvailable } from '@polymancer/ai';
import { createApi, databaseAndWorkerReadiness, serveApi, serveMetrics, type ApiDeps } from '@polymancer/api';
import { createAuditLog } from '@polymancer/audit';
import { createBotQueries, createBotService, createMarketDataCache, paperExecution } from '@polymancer/bots';
import { createClobSim, type ClobSim } from '@polymancer/clob-sim';
import type { Config } from '@polymancer/config';
import { systemClock } from '@polymancer/core';
import { createAuditStore, createBotQueryStore, createBotStore, createBreakerStore, createNotificationStore, createTickStore } from '@polymancer/db';
import { createJobRunner } from '@polymancer/jobs';
import { createLogTransport, createSmtpTransport, mailDomainOf } from '@polymancer/mail';
import { createNotificationSender, createNotificationService, notifierFor } from '@polymancer/notify';
import { createLogger, createMetrics } from '@polymancer/observability';
import { createMarketCatalogue, createPolymarketMarketData, type MarketCatalogue } from '@polymancer/polymarket';
import { createBreakers } from '@polymancer/safety';
import { builtInStrategies } from '@polymancer/strategies';
import type { UnlockService } from '@polymancer/unlock';
import { jobDeliveryQueue, startBotTicks, startNotificationSender, startUnlockSweep, startWorker } from '@polymancer/worker';
import { openConfiguredDatabase } from './open-configured-database.ts';
import { createUnlock, credentialVaultUnavailable, requestCountryFrom } from './unlock-wiring.ts';

export interface RunningPlatform {
  readonly url: string;
  /** The separate metrics listener's URL, when METRICS_PORT is set. */
  readonly metricsUrl: string | undefined;
  readonly deps: ApiDeps;
  readonly catalogue: MarketCatalogue;
  /** Set when `start` runs the local exchange itself. */
  readonly exchangeUrl: string;
  /** Queues a tick now for every active bot that has none (after creating bots outside the API). */
  sweepTicks(): Promise<number>;
  stop(): Promise<void>;
}

export async function startPlatform(config: Config): Promise<RunningPlatform> {
  const logger = createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const clock = systemClock;
  const database = await openConfiguredDatabase(config, { migrate: true });
  const audit = createAuditLog({ store: createAuditStore(database.db), clock });

  let sim: ClobSim | undefined;
  if (config.polymarket.clobUrl === undefined) {
    sim = await createClobSim({ port: config.clobSim.port, seed: config.clobSim.seed });
  }
  const clobUrl = config.polymarket.clobUrl ?? sim!.url;
  // The local exchange answers Gamma's routes too; against the real CLOB, the real Gamma.
  const gammaUrl = config.polymarket.gammaUrl ?? (sim === undefined ? 'https://gamma-api.polymarket.com' : `${sim.url}/gamma`);
  const catalogue = createMarketCatalogue({ clobUrl, gammaUrl });
  // The local exchange's markets are synthetic: where real money is configured they make no paper record.
  const marketData = createPolymarketMarketData({ clobUrl, gammaUrl, synthetic: sim !== undefined });

  const llmReady = llmStrategyAvailable(config.openRouter).ok;
  const strategies = builtInStrategies(llmReady ? createLlmStrategy(config.openRouter) : undefined);
  const botStore = createBotStore(database.db);
  const tickStore = createTickStore(database.db, clock);
  // Circuit breakers: every live tick asks them first (issue 20).
  const breakers = createBreakers({ store: createBreakerStore(database.db), audit, clock });
  const botQueries = createBotQueries({ bots: botStore, queries: createBotQueryStore(database.db), ticks: tickStore, clock });
  const jobs = createJobRunner({ database, logger });
  const notificationStore = createNotificationStore(database.db);
  const deliveryQueue = jobDeliveryQueue(jobs);
  const smtp = config.mail.smtpUrl === undefined ? undefined : createSmtpTransport({ url: config.mail.smtpUrl, from: config.mail.from });
  const mailTransport = smtp ?? createLogTransport(logger);
  const notifications = createNotificationService({ store: notificationStore, clock, queue: deliveryQueue, messageIdDomain: mailDomainOf(config.mail.from) });
  const unlock: UnlockService = createUnlock({
    config,
    db: database.db,
    audit,
    clock,
    logger,
    paperRecords: botQueries,
    notifier: notifierFor(notifications),
    credentials: credentialVaultUnavailable,
  });
  const deps: ApiDeps = {
    config,
    logger,
    metrics,
    clock,
    database,
    audit,
    auth: createAuth({ db: database.db, config, audit, clock, logger }),
    readiness: databaseAndWorkerReadiness({ db: database.db, clock, heartbeatMaxAgeSecs: config.readyHeartbeatMaxAgeSecs }),
    bots: {
      service: createBotService({ store: botStore, audit, clock, llmAvailable: llmReady, markets: marketData, liveBotMayRun: (userId, botId) => unlock.goLive.assertLiveBotMayRun(userId, botId) }),
      queries: botQueries,
    },
    unlock,
    requestCountry: requestCountryFrom(config),
    notifications,
  };

  await jobs.start();
  const worker = await startWorker({ database, jobs, logger, heartbeatCron: config.workerHeartbeatCron });
  const ticks = await startBotTicks({
    jobs,
    clock,
    logger,
    listActive: () => botStore.listActive(),
    tick: {
      store: tickStore,
      marketData: createMarketDataCache(marketData, { clock }),
      strategies,
      execution: paperExecution,
      clock,
      realMoneyDeployment: config.env === 'production',
      liveTrading: breakers,
    },
  });
  const unlockSweep = await startUnlockSweep({ jobs, unlock, logger });
  const notificationSender = await startNotificationSender({
    jobs,
    logger,
    sender: createNotificationSender({ store: notificationStore, transport: mailTransport, clock, queue: deliveryQueue }),
  });
  const api = createApi(deps);
  const serving = serveApi(api, config);
  const metricsServing = serveMetrics(metrics, config);
  return {
    url: serving.url,
    metricsUrl: metricsServing?.url,
    deps,
    catalogue,
    exchangeUrl: clobUrl,
    sweepTicks: () => ticks.sweep(),
    // Order matters: on PGlite pg-boss shares the app's database, so it stops before the database closes.
    stop: async () => {
      await serving.stop();
      await metricsServing?.stop();
      await ticks.stop();
      await unlockSweep.stop();
      await notificationSender.stop();
      await worker.stop();
      await jobs.stop();
      await sim?.stop();
      smtp?.close();
      await database.close();
    },
  };
}
