/**
 * The job runner: a thin adapter over pg-boss for Polymancer's background work.
 *
 * Guarantees
 * - Every queue, job and schedule lives in PostgreSQL (schema `pgboss`, installed and migrated by
 *   pg-boss itself on start), so jobs survive restarts and any number of processes share them;
 *   pg-boss hands each job to one worker (SKIP LOCKED).
 * - A schedule is cluster-wide per (name, key): N processes scheduling the same cron create one job
 *   per occurrence, not N.
 * - Time comes from one injectable pg-boss `Clock`. With pg-boss's `TestClock` the cron passes,
 *   polls, `startAfter` delays and retries all follow `tick()`/`setTime()`, in JavaScript and in SQL
 *   (pg-boss's `job_now()` reads the test clock), so tests never wait for real time.
 *
 * Semantics
 * - PGlite: pg-boss runs on the app's own PGlite instance through `fromPglite` (one in-process
 *   connection shared with the app). PostgreSQL: pg-boss opens its own small pool from the URL.
 * - A handler that throws fails that attempt; the queue's retry settings decide what happens next
 *   (pg-boss default: 2 retries, no delay). Jobs are handled one at a time per worker.
 * - `stop()` stops fetching, waits for handlers in flight (bounded), then closes pg-boss's pool; the
 *   PGlite instance and the app's Postgres pool belong to the caller and stay open.
 *
 * Known limitations
 * - Delivery is at-least-once: a handler that crashes after its side effect but before completion
 *   runs again, so handlers must be idempotent.
 * - On PGlite, pg-boss's queries queue behind the app's on the single connection.
 * - With a TestClock the clock override is a session setting; on PGlite that session is the app's too
 *   (harmless: only pg-boss's `job_now()` reads it).
 */
import { PgBoss, fromPglite, type ConstructorOptions, type Job, type Queue } from 'pg-boss';
import { errorForLog, type Logger } from '@polymancer/observability';
import { domainClock, systemJobClock, type JobClock } from './clock.ts';
import { JobRunnerError } from './errors.ts';
import type { JobContext, JobHandler, JobRecord, JobRunner, JobsDatabase, QueueSettings, SendOptions } from './types.ts';

export interface CreateJobRunnerOptions {
  readonly database: JobsDatabase;
  readonly logger: Logger;
  /** pg-boss clock; a `TestClock` in tests. Default: the system clock. */
  readonly clock?: JobClock;
  /** Name recorded in pg-boss's instance registry (e.g. the worker id). */
  readonly instanceName?: string;
  /** Connections pg-boss may open to PostgreSQL (ignored on PGlite). Default 4. */
  readonly poolMax?: number;
  /** Record job transitions so tests can `waitForJob` (never in production). */
  readonly spies?: boolean;
  /** Schema pg-boss installs into (default `pgboss`); tests use one per runner to share a database. */
  readonly schema?: string;
  /**
   * Whether pg-boss creates its schema (default true). False when the database's administrator
   * created it for a least-privilege role that may not create schemas (README "Running against
   * PostgreSQL"): pg-boss then installs its tables into it.
   */
  readonly createSchema?: boolean;
}

export const jobsSchema = 'pgboss';

export function createJobRunner(options: CreateJobRunnerOptions): JobRunner {
  const clock = options.clock ?? systemJobClock;
  const logger = options.logger.child({ component: 'jobs' });
  const spies = options.spies ?? false;
  const common: ConstructorOptions = {
    schema: options.schema ?? jobsSchema,
    clock,
    __test__enableSpies: spies,
    createSchema: options.createSchema ?? true,
    ...(options.instanceName === undefined ? {} : { instanceName: options.instanceName }),
  };
  const boss = options.database.kind === 'pglite'
    ? new PgBoss({ ...common, db: fromPglite(options.database.pglite), backend: 'pglite' })
    : new PgBoss({ ...common, connectionString: options.database.url, max: options.poolMax ?? 4, application_name: 'polymancer-jobs' });
  boss.on('error', (err) => logger.error({ err: errorForLog(err) }, 'pg-boss error'));
  boss.on('warning', (warning) => logger.warn({ warning }, 'pg-boss warning'));

  let started: Promise<void> | undefined;
  let running = false;
  const knownQueues = new Set<string>();

  function assertStarted(operation: string): void {
    if (!running) throw new JobRunnerError('jobs.not_started', `job runner not started (${operation})`, { details: { operation } });
  }

  async function ensureQueue(name: string, settings: QueueSettings | undefined): Promise<void> {
    if (spies) boss.getSpy(name);
    if (knownQueues.has(name)) return;
    const queueOptions = toQueueOptions(settings);
    await boss.createQueue(name, queueOptions);
    // createQueue leaves an existing queue as it was; bring it to the settings asked for now.
    const { policy: _fixedAtCreation, ...updatable } = queueOptions;
    if (Object.keys(updatable).length > 0) await boss.updateQueue(name, updatable);
    knownQueues.add(name);
  }

  const runner: JobRunner = {
    clock: domainClock(clock),

    start() {
      started ??= boss.start().then(
        async () => {
          await firstCronPass(boss);
          running = true;
          logger.info({ engine: options.database.kind, schema: options.schema ?? jobsSchema }, 'job runner started');
        },
        (cause: unknown) => {
          started = undefined;
          throw new JobRunnerError('jobs.start_failed', 'pg-boss failed to start', { cause });
        },
      );
      return started;
    },

    async stop(stopOptions = {}) {
      if (started === undefined) return;
      await started.catch(() => {});
      running = false;
      started = undefined;
      knownQueues.clear();
      await boss.stop({ graceful: true, close: true, timeout: stopOptions.timeoutMs ?? 30_000 });
      logger.info('job runner stopped');
    },

    async defineQueue(name, settings) {
      assertStarted('defineQueue');
      await ensureQueue(name, settings);
    },

    async schedule(name, cron, data, scheduleOptions = {}) {
      assertStarted('schedule');
      await ensureQueue(name, scheduleOptions.queue);
      await boss.schedule(name, cron, data ?? null, {
        ...(scheduleOptions.key === undefined ? {} : { key: scheduleOptions.key }),
        tz: scheduleOptions.tz ?? 'UTC',
      });
    },

    async unschedule(name, key) {
      assertStarted('unschedule');
      await boss.unschedule(name, key);
    },

    async work<T extends object>(name: string, handler: JobHandler<T>, workOptions: Parameters<JobRunner['work']>[2] = {}) {
      assertStarted('work');
      await ensureQueue(name, workOptions.queue);
      return boss.work<T>(
        name,
        {
          batchSize: 1,
          pollingIntervalSeconds: workOptions.pollingIntervalSecs ?? 2,
          localConcurrency: workOptions.concurrency ?? 1,
        },
        async (jobs: Job<T>[]) => {
          for (const job of jobs) await runOne(name, job, handler);
        },
      );
    },

    async offWork(name, workerId) {
      if (!running) return;
      await boss.offWork(name, { wait: true, ...(workerId === undefined ? {} : { id: workerId }) });
    },

    async send(name, data, sendOptions = {}) {
      assertStarted('send');
      await ensureQueue(name, sendOptions.queue);
      return boss.send(name, data, toSendOptions(sendOptions, clock));
    },

    async findJob<T extends object>(name: string, id: string): Promise<JobRecord<T> | null> {
      assertStarted('findJob');
      const [job] = await boss.findJobs<T>(name, { id });
      if (job === undefined) return null;
      return {
        id: job.id,
        name: job.name,
        data: job.data,
        state: job.state,
        retryCount: job.retryCount,
        startAfter: job.startAfter,
        completedOn: job.completedOn,
        output: job.output,
      };
    },

    async waitForJob<T extends object>(
      name: string,
      state: 'created' | 'active' | 'completed' | 'failed',
      match: { readonly id?: string; readonly where?: (data: T) => boolean; readonly timeoutMs?: number } = {},
    ) {
      if (!spies) throw new JobRunnerError('jobs.spies_disabled', 'waitForJob needs a runner created with spies: true');
      const spy = boss.getSpy<T>(name);
      const seen = match.id !== undefined ? spy.waitForJobWithId(match.id, state) : spy.waitForJob(match.where ?? (() => true), state);
      const timeoutMs = match.timeoutMs ?? 10_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // Real time on purpose: a guard so a test that never sees the job fails instead of hanging.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new JobRunnerError('jobs.wait_timeout', `no ${name} job reached ${state} within ${timeoutMs} ms`, { details: { name, state } })),
          timeoutMs,
        );
      });
      try {
        const job = await Promise.race([seen, timeout]);
        return { id: job.id, data: job.data, output: job.output };
      } finally {
        clearTimeout(timer);
      }
    },

    clearSpies() {
      if (spies) boss.clearSpies();
    },
  };

  async function runOne<T extends object>(name: string, job: Job<T>, handler: JobHandler<T>): Promise<void> {
    const context: JobContext<T> = { id: job.id, name, data: job.data, retryCount: job.retryCount, signal: job.signal };
    try {
      await handler(context);
    } catch (err) {
      logger.warn({ err: errorForLog(err), job: name, jobId: job.id, retryCount: job.retryCount }, 'job attempt failed');
      throw err;
    }
  }

  return runner;
}

/**
 * pg-boss runs its first cron pass on the event-loop turn after start(). Waiting for it makes a
 * schedule created right after start() first fire on its next occurrence, instead of sometimes
 * (depending on which statement won the race) also on the occurrence of the last minute. Only
 * event-loop turns are awaited, never time; the bound is a safety net.
 */
async function firstCronPass(boss: PgBoss): Promise<void> {
  for (let turn = 0; turn < 100_000; turn += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!boss.isTimekeeping()) return;
  }
}

function toQueueOptions(settings: QueueSettings | undefined): Omit<Queue, 'name'> {
  if (settings === undefined) return {};
  return {
    ...(settings.policy === undefined ? {} : { policy: settings.policy }),
    ...(settings.retryLimit === undefined ? {} : { retryLimit: settings.retryLimit }),
    ...(settings.retryDelaySecs === undefined ? {} : { retryDelay: settings.retryDelaySecs }),
    ...(settings.retryBackoff === undefined ? {} : { retryBackoff: settings.retryBackoff }),
    ...(settings.expireInSecs === undefined ? {} : { expireInSeconds: settings.expireInSecs }),
    ...(settings.deadLetter === undefined ? {} : { deadLetter: settings.deadLetter }),
  };
}

function toSendOptions(options: SendOptions, clock: JobClock) {
  let startAfter: Date | undefined = options.startAfter;
  if (options.delaySecs !== undefined) {
    const delayed = new Date(clock.now() + options.delaySecs * 1000);
    startAfter = startAfter === undefined || delayed > startAfter ? delayed : startAfter;
  }
  return {
    ...(startAfter === undefined ? {} : { startAfter }),
    ...(options.singletonKey === undefined ? {} : { singletonKey: options.singletonKey }),
    ...(options.singletonSecs === undefined ? {} : { singletonSeconds: options.singletonSecs }),
    ...(options.retryLimit === undefined ? {} : { retryLimit: options.retryLimit }),
    ...(options.priority === undefined ? {} : { priority: options.priority }),
  };
}
