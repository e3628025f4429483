/**
 * Builds the whole API on a test database, with a manual clock and silent logs, and speaks to it
 * through `app.handle` — the same Elysia pipeline a socket reaches.
 */
import { createAuth } from '@polymancer/accounts';
import { createAuditLog } from '@polymancer/audit';
import { loadConfig, type Config } from '@polymancer/config';
import { ManualClock } from '@polymancer/core';
import { createBotQueries, createBotService, type BotServiceDeps } from '@polymancer/bots';
import { createAuditStore, createBotQueryStore, createBotStore, createNotificationStore, createTickStore } from '@polymancer/db';
import { createNotificationService } from '@polymancer/notify';
import { createLogger, createMetrics, type Logger } from '@polymancer/observability';
import { createTestDatabase, type Engine, type TestDatabase } from '../../../test/databases.ts';
import { createApi } from '../src/app.ts';
import type { ApiDeps } from '../src/deps.ts';
import { databaseAndWorkerReadiness } from '../src/readiness.ts';

export interface ApiHarness {
  readonly app: ReturnType<typeof createApi>;
  readonly deps: ApiDeps;
  readonly clock: ManualClock;
  readonly database: TestDatabase;
  request(path: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** The venue bot writes check watched markets against (as `start` wires it); unset = formats only. */
  readonly markets?: BotServiceDeps['markets'];
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
      service: createBotService({ store: botStore, audit, clock, llmAvailable: config.openRouter.apiKey !== undefined, ...(options.markets === undefined ? {} : { markets: options.markets }) }),
      queries: createBotQueries({ bots: botStore, queries: createBotQueryStore(db), ticks: createTickStore(db, clock), clock }),
    },
    // No job runner here: deliveries wait in the outbox (the sender is tested in packages/notify and apps/worker).
    notifications: createNotificationService({ store: createNotificationStore(db), clock, messageIdDomain: 'polymancer.test' }),
  };
  const app = createApi(deps);
  return {
    app,
    deps,
    clock,
    database,
    request: (path, init) => app.handle(new Request(`http://localhost${path}`, init)),
    dispose: () => database.dispose(),
  };
}
