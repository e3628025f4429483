/**
 * The worker alone, for scaling out: `bun apps/worker/src/main.ts`. Reads the same environment as
 * `./polymancer start`, migrates, and runs job handlers until SIGINT/SIGTERM, then drains.
 * Needs DATABASE_URL: embedded PGlite is one process's database, and `start` already runs a worker.
 */
import { loadConfig } from '@polymancer/config';
import { ConfigError } from '@polymancer/core';
import { migrateDatabase, openDatabase } from '@polymancer/db';
import { createJobRunner } from '@polymancer/jobs';
import { createLogger } from '@polymancer/observability';
import { startWorker } from './worker.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
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
  const logger = createLogger({ level: config.logLevel, name: 'polymancer-worker' });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax });
  await migrateDatabase(database);
  const jobs = createJobRunner({ database, logger });
  const worker = await startWorker({ database, jobs, logger, heartbeatCron: config.workerHeartbeatCron });

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'worker shutting down');
  await worker.stop();
  await jobs.stop();
  await database.close();
  return 0;
}

process.exitCode = await main();
