/**
 * The worker alone, for scaling out: `bun apps/worker/src/main.ts`. Reads the same environment as
 * `./polymancer start`, migrates (as DATABASE_MIGRATION_URL's owner role when set), checks its own
 * role (`database-roles.ts`), and runs every job `start`'s worker runs (the same composition,
 * `compose.ts`) until SIGINT/SIGTERM, then drains.
 * Needs DATABASE_URL: embedded PGlite is one process's database, and `start` already runs a worker.
 * With POLYMARKET_CLOB_URL unset, ticks read the local exchange `start` serves on CLOB_SIM_PORT.
 * With METRICS_PORT set it serves its own scheduler figures (due, running, late ticks, lateness
 * percentiles) on that port, as `start` does: each worker process is scraped separately.
 */
import { loadConfig } from '@polymancer/config';
import { ConfigError, systemClock } from '@polymancer/core';
import { migrateAsOwner, openDatabase } from '@polymancer/db';
import { createJobRunner } from '@polymancer/jobs';
import { createLogger, createMetrics } from '@polymancer/observability';
// A composition root, like `start`: the metrics listener is the API app's, so a scaled-out worker is scraped the same way.
import { serveMetrics } from '@polymancer/api';
import { signingEnvironment } from '@polymancer/polymarket';
import { composeWorkerServices, exchangeFrom, startWorkerJobs } from './compose.ts';
import { checkDatabaseRole } from './database-roles.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
    // A profile no order could be signed for is a configuration error, before anything starts.
    signingEnvironment(config.exchangeEnvironment);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (config.databaseUrl === undefined) {
    process.stderr.write('DATABASE_URL: required by the standalone worker (embedded PGlite serves one process; `./polymancer start` runs its own worker)\n');
    return 2;
  }
  // Listened for before anything starts: a signal during start-up stops the worker once it is up.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const logger = createLogger({ level: config.logLevel, name: 'polymancer-worker' });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax });
  let createJobsSchema: boolean;
  try {
    await migrateAsOwner(database, config.databaseMigrationUrl);
    const role = await checkDatabaseRole(config, database);
    if (role.warning !== undefined) logger.warn({ database: role.warning }, 'database role can disable the audit triggers');
    createJobsSchema = role.createJobsSchema;
  } catch (err) {
    await database.close();
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const jobs = createJobRunner({ database, logger, createSchema: createJobsSchema });
  const clock = systemClock;
  const exchange = exchangeFrom(config, `http://127.0.0.1:${config.clobSim.port}`);
  const services = composeWorkerServices({ config, database, jobs, logger, clock, exchange });
  const metrics = createMetrics();
  const worker = await startWorkerJobs({ config, database, jobs, logger, clock, services, metrics });
  const metricsServing = serveMetrics(metrics, config);
  logger.info({ workerId: worker.workerId, metricsUrl: metricsServing?.url ?? null }, 'worker metrics');

  const signal = await stopSignal;
  logger.info({ signal }, 'worker shutting down');
  await metricsServing?.stop();
  await worker.stop();
  await jobs.stop();
  services.close();
  await database.close();
  return 0;
}

process.exitCode = await main();
