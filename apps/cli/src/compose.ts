/**
 * The composition root for `start`: builds every adapter from configuration and wires them into
 * the services and apps. The only place that knows which implementation backs which port.
 * With nothing configured: embedded PGlite, the local exchange (clob-sim) in this process, and
 * built-in strategies only.
 */
import { createAuth } from '@polymancer/accounts';
import { createApi, databaseAndWorkerReadiness, serveApi, serveMetrics, type ApiDeps } from '@polymancer/api';
import { createBotService, createLivePreflight } from '@polymancer/bots';
import type { Config } from '@polymancer/config';
import { systemClock } from '@polymancer/core';
import { createLiveOrderStore } from '@polymancer/db';
import { createJobRunner } from '@polymancer/jobs';
import { createLogger, createMetrics } from '@polymancer/observability';
import { createMarketCatalogue, createMarketDirectory, createPolymarketMarketData, type MarketCatalogue } from '@polymancer/polymarket';
import { checkDatabaseRole, composeWorkerServices, exchangeFrom, startWorkerJobs, type DatabaseRoleCheck } from '@polymancer/worker';
import { startLocalExchange, type LocalExchange } from './local-exchange.ts';
import { openConfiguredDatabase } from './open-configured-database.ts';
import { requestCountryFrom } from './request-country.ts';

export interface RunningPlatform {
  readonly url: string;
  /** The separate metrics listener's URL, when METRICS_PORT is set. */
  readonly metricsUrl: string | undefined;
  readonly deps: ApiDeps;
  readonly catalogue: MarketCatalogue;
  /** Set when `start` runs the local exchange itself. */
  readonly exchangeUrl: string;
  /** The local exchange's settlement: on an embedded anvil, on POLYGON_RPC_URL, or ledger-only. */
  readonly exchangeChain: string | undefined;
  /** Set when DATABASE_URL's role can switch the audit triggers off (refused in production). */
  readonly databaseRoleWarning: string | undefined;
  /** Wakes the tick scheduler now (bots created outside the API tick without waiting for its next look). */
  sweepTicks(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPlatform(config: Config): Promise<RunningPlatform> {
  const logger = createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const clock = systemClock;
  const database = await openConfiguredDatabase(config, { migrate: true });
  let databaseRole: DatabaseRoleCheck;
  try {
    databaseRole = await checkDatabaseRole(config, database);
  } catch (error) {
    await database.close();
    throw error;
  }

  const local: LocalExchange | undefined = config.polymarket.clobUrl === undefined ? await startLocalExchange(config) : undefined;
  const exchange = exchangeFrom(config, local?.sim.url ?? '', local?.sim.chain?.rpcUrl);
  const catalogue = createMarketCatalogue({ clobUrl: exchange.clobUrl, gammaUrl: exchange.gammaUrl });
  const jobs = createJobRunner({ database, logger, createSchema: databaseRole.createJobsSchema });
  // The same services (and so the same unlock service and notification outbox) serve the API and this process's worker.
  const services = composeWorkerServices({ config, database, jobs, logger, clock, exchange });
  const { audit, unlock } = services;
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
      service: createBotService({ store: services.botStore, audit, clock, llmAvailable: services.llmAvailable, markets: services.marketData, maxBotsPerUser: config.maxBotsPerUser, liveBotMayRun: (userId, botId) => unlock.goLive.assertLiveBotMayRun(userId, botId) }),
      queries: services.botQueries,
    },
    unlock,
    requestCountry: requestCountryFrom(config),
    notifications: services.notifications,
    credentials: services.credentials,
    safety: { breakers: services.breakers, emergency: services.emergency, slippage: services.slippage },
    preflight: createLivePreflight({ bots: services.botStore, orders: createLiveOrderStore(database.db), accounts: services.live.accounts, venue: services.live.venue, wallets: services.live.wallets, marketData: services.marketData, clock }),
    markets: createMarketDirectory({ catalogue, books: createPolymarketMarketData({ clobUrl: exchange.clobUrl, gammaUrl: exchange.gammaUrl }), clock }),
  };

  const workerJobs = await startWorkerJobs({ config, database, jobs, logger, clock, services, metrics });
  const api = createApi(deps);
  const serving = serveApi(api, config);
  const metricsServing = serveMetrics(metrics, config);
  return {
    url: serving.url,
    metricsUrl: metricsServing?.url,
    deps,
    catalogue,
    exchangeUrl: exchange.clobUrl,
    exchangeChain: local?.chainNote,
    databaseRoleWarning: databaseRole.warning,
    sweepTicks: async () => workerJobs.wakeTicks(),
    // Order matters: on PGlite pg-boss shares the app's database, so it stops before the database closes.
    stop: async () => {
      await serving.stop();
      await metricsServing?.stop();
      await workerJobs.stop();
      await jobs.stop();
      await local?.stop();
      services.close();
      await database.close();
    },
  };
}
