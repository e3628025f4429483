import type { Clock } from '@polymancer/core';
import type { PGliteLike } from 'pg-boss';

/**
 * Where pg-boss keeps its queues: the app's own embedded PGlite (one connection, shared), or a
 * Postgres server it opens its own pool to. Structurally the db adapter's `DatabaseHandle`, so the
 * composition root passes that without this adapter importing the other.
 */
export type JobsDatabase = { readonly kind: 'pglite'; readonly pglite: PGliteLike } | { readonly kind: 'postgres'; readonly url: string };

/** What a handler sees of one job. */
export interface JobContext<T extends object> {
  readonly id: string;
  readonly name: string;
  readonly data: T;
  /** 0 on the first attempt, then 1, 2, … on each retry. */
  readonly retryCount: number;
  /** Aborted when the job expires or the runner stops without waiting. */
  readonly signal: AbortSignal;
}

/** Throwing fails the attempt; the queue's retry settings decide whether it runs again. */
export type JobHandler<T extends object> = (job: JobContext<T>) => Promise<void>;

/** Per-queue behaviour, applied (create, then update) the first time this process touches the queue. */
export interface QueueSettings {
  /** How jobs of this queue may coexist; `stately`/`singleton`/`short`/`exclusive` make `singletonKey` dedupe. Fixed at creation. */
  readonly policy?: 'standard' | 'short' | 'singleton' | 'stately' | 'exclusive';
  /** Attempts after the first one before the job is failed for good (pg-boss default 2). */
  readonly retryLimit?: number;
  readonly retryDelaySecs?: number;
  readonly retryBackoff?: boolean;
  /** How long one attempt may stay active before it is treated as failed (default 15 minutes). */
  readonly expireInSecs?: number;
  /** Queue that receives a job's payload once it has failed for good. */
  readonly deadLetter?: string;
}

export interface WorkOptions {
  readonly queue?: QueueSettings;
  /** How often an idle worker asks for a job (default 2 s, minimum 0.5 s). */
  readonly pollingIntervalSecs?: number;
  /** Handlers of this queue running at once in this process (default 1). */
  readonly concurrency?: number;
}

export interface SendOptions {
  /** Not before this instant. */
  readonly startAfter?: Date;
  /** Not before this many seconds from now (the runner's clock). */
  readonly delaySecs?: number;
  /**
   * Idempotency key. On a `standard` queue it dedupes only together with `singletonSecs`
   * (one job per key per time slot); on `stately`/`singleton`/`short`/`exclusive` queues it
   * dedupes by state (see README).
   */
  readonly singletonKey?: string;
  readonly singletonSecs?: number;
  readonly retryLimit?: number;
  readonly priority?: number;
  /** Send to a queue with these settings (created on first use). */
  readonly queue?: QueueSettings;
}

export interface ScheduleOptions {
  /** Several schedules on one queue are told apart by key (default: one schedule per queue). */
  readonly key?: string;
  /** IANA time zone the cron expression is read in (default UTC). */
  readonly tz?: string;
  readonly queue?: QueueSettings;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobRecord<T extends object = object> {
  readonly id: string;
  readonly name: string;
  readonly data: T;
  readonly state: JobState;
  readonly retryCount: number;
  readonly startAfter: Date;
  readonly completedOn: Date | null;
  readonly output: unknown;
}

export interface JobRunner {
  /** The runner's time as a domain clock (the TestClock's time in tests). */
  readonly clock: Clock;
  /** Installs/migrates pg-boss's schema (`pgboss`) and starts polling, cron and maintenance. Idempotent. */
  start(): Promise<void>;
  /** Stops fetching, waits up to `timeoutMs` for running handlers, then closes pg-boss's own connections. */
  stop(options?: { readonly timeoutMs?: number }): Promise<void>;
  /** Creates the queue if needed and applies `settings` to it. */
  defineQueue(name: string, settings?: QueueSettings): Promise<void>;
  /** Sends `data` to `name` on every occurrence of `cron` (UTC unless `tz`). One schedule cluster-wide per (name, key). */
  schedule<T extends object>(name: string, cron: string, data?: T, options?: ScheduleOptions): Promise<void>;
  unschedule(name: string, key?: string): Promise<void>;
  /** Handles jobs of `name` in this process. Returns the worker id, for `offWork`. */
  work<T extends object>(name: string, handler: JobHandler<T>, options?: WorkOptions): Promise<string>;
  /** Stops the worker(s) of `name` (or one by id), waiting for handlers in flight. */
  offWork(name: string, workerId?: string): Promise<void>;
  /** Queues a job. Resolves to its id, or null when a singleton key deduplicated it. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  findJob<T extends object>(name: string, id: string): Promise<JobRecord<T> | null>;
  /**
   * Test support (runner created with `spies: true`): resolves when a job of `name` reaches
   * `state` (`completed`, or `failed` for good), matching `id` or `where`. Rejects after `timeoutMs`
   * of real time (default 10 s) so a broken test fails instead of hanging.
   */
  waitForJob<T extends object>(
    name: string,
    state: 'created' | 'active' | 'completed' | 'failed',
    match?: { readonly id?: string; readonly where?: (data: T) => boolean; readonly timeoutMs?: number },
  ): Promise<{ readonly id: string; readonly data: T; readonly output?: object | undefined }>;
  /** Forgets what the spies saw so far (so `waitForJob` waits for the next one). */
  clearSpies(): void;
}
