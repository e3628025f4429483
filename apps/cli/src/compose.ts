/**
 * The composition root for `start`: builds every adapter from configuration and wires them into
 * the services and apps. The only place that knows which implementation backs which port.
 */
import { createAuth } from '@polymancer/accounts';
import { createAuditLog } from '@polymancer/audit';
import { createApi, databaseAndWorkerReadiness, serveApi, type ApiDeps } from '@polymancer/api';
import type { Config } from '@polymancer/config';
import { systemClock } from '@polymancer/core';
import { createBotQueries, createBotService } from '@polymancer/bots';
import { createAuditStore, createBotQueryStore, createBotStore, createTickStore } from '@polymancer/db';
import { createJobRunner } from '@polymancer/jobs';
import { startWorker } from '@polymancer/worker';
import { createLogger, createMetrics } from '@polymancer/observability';
import { openConfiguredDatabase } from './open-configured-database.ts';

export interface RunningPlatform {
  readonly url: string;
  readonly deps: ApiDeps;
  stop(): Promise<void>;
}

export async function startPlatform(config: Config): Promise<RunningPlatform> {
  const logger = createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const clock = systemClock;
  const database = await openConfiguredDatabase(config, { migrate: true });
  const audit = createAuditLog({ store: createAuditStore(database.db), clock });
  const botStore = createBotStore(database.db);
  const deps: ApiDeps = {
    config,
    logger,
    metrics,
    clock,
    database,
    audit,
    auth: createAuth({ db: database.db, config, audit, clock }),
    readiness: databaseAndWorkerReadiness({ db: database.db, clock, heartbeatMaxAgeSecs: config.readyHeartbeatMaxAgeSecs }),
    bots: {
      service: createBotService({ store: botStore, audit, clock, llmAvailable: config.openRouter.apiKey !== undefined }),
      queries: createBotQueries({ bots: botStore, queries: createBotQueryStore(database.db), ticks: createTickStore(database.db, clock), clock }),
    },
  };
  const jobs = createJobRunner({ database, logger });
  await jobs.start();
  const worker = await startWorker({ database, jobs, logger, heartbeatCron: config.workerHeartbeatCron });
  const api = createApi(deps);
  const serving = serveApi(api, config);
  return {
    url: serving.url,
    deps,
    // Order matters: on PGlite pg-boss shares the app's database, so it stops before the database closes.
    stop: async () => {
      await serving.stop();
      await worker.stop();
      await jobs.stop();
      await database.close();
    },
  };
}
