/**
 * Scheduling of bot ticks on pg-boss.
 *
 * Guarantees
 * - At most one queued and one running tick per bot (a `stately` queue keyed by bot id), so a slow
 *   tick never piles up a backlog and two workers never tick the same bot at once.
 * - Each tick runs under the key of its slot (`<bot>@<slot start ISO>`); the tick itself is
 *   idempotent per key, so a crashed and retried job applies its fills once.
 * - Ticks chain: a finished tick queues the bot's next slot. A sweep (every minute, and once at
 *   start) queues a tick for any active bot without one, which starts new and resumed bots and
 *   repairs a broken chain.
 *
 * Known limitations: slots are aligned to the epoch (a 60 s bot ticks on the minute); a paused bot's
 * already-queued tick still runs and is refused by the tick's gate.
 */
import type { Clock } from '@polymancer/core';
import type { JobRunner } from '@polymancer/jobs';
import { errorForLog, type Logger } from '@polymancer/observability';
import { runTick, type TickDeps, type TickResult } from '@polymancer/bots';

export const botTickJob = 'bots.tick';
export const botSweepJob = 'bots.sweep';

interface TickJobData {
  readonly botId: string;
  readonly intervalSecs: number;
  readonly slotMs: number;
}

export interface BotTicksOptions {
  readonly jobs: JobRunner;
  readonly tick: TickDeps;
  /** Active bots and their intervals (the bot store's `listActive`). */
  readonly listActive: () => Promise<ReadonlyArray<{ readonly id: string; readonly intervalSecs: number }>>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Ticks run at once in this process. */
  readonly concurrency?: number;
  readonly sweepCron?: string;
  /**
   * Also sweep this often in this process (real time), so a bot created or resumed through the
   * API starts ticking within seconds rather than at the next cron minute. 0 = cron only.
   */
  readonly sweepEveryMs?: number;
  readonly onTick?: (botId: string, result: TickResult) => void;
}

export function slotOf(nowMs: number, intervalSecs: number): number {
  const intervalMs = intervalSecs * 1000;
  return Math.floor(nowMs / intervalMs) * intervalMs;
}

export function tickKeyOf(botId: string, slotMs: number): string {
  return `${botId}@${new Date(slotMs).toISOString()}`;
}

const tickQueue = { policy: 'stately', retryLimit: 2, retryDelaySecs: 5, expireInSecs: 300 } as const;

export async function startBotTicks(options: BotTicksOptions): Promise<{ sweep(): Promise<number>; stop(): Promise<void> }> {
  const { jobs, clock } = options;
  const logger = options.logger.child({ component: 'bot-ticks' });

  const queueTick = (data: TickJobData) =>
    jobs.send<TickJobData>(botTickJob, data, { singletonKey: data.botId, startAfter: new Date(data.slotMs), queue: tickQueue });

  const sweep = async (): Promise<number> => {
    const now = clock.now().getTime();
    let queued = 0;
    for (const bot of await options.listActive()) {
      const id = await queueTick({ botId: bot.id, intervalSecs: bot.intervalSecs, slotMs: slotOf(now, bot.intervalSecs) });
      if (id !== null) queued += 1;
    }
    return queued;
  };

  const tickWorker = await jobs.work<TickJobData>(
    botTickJob,
    async ({ data }) => {
      const result = await runTick(options.tick, { botId: data.botId, tickKey: tickKeyOf(data.botId, data.slotMs) }, clock.now());
      options.onTick?.(data.botId, result);
      if (result.status === 'not_found' || result.status === 'skipped') {
        // Paused, stopped, frozen or deleted: the chain ends; the sweep restarts it once the bot is active again.
        return;
      }
      const next = Math.max(data.slotMs + data.intervalSecs * 1000, slotOf(clock.now().getTime(), data.intervalSecs));
      await queueTick({ ...data, slotMs: next });
    },
    { queue: tickQueue, concurrency: options.concurrency ?? 4, pollingIntervalSecs: 1 },
  );
  const sweepWorker = await jobs.work(botSweepJob, async () => {
    const queued = await sweep();
    if (queued > 0) logger.info({ queued }, 'queued ticks for bots without one');
  });
  await jobs.schedule(botSweepJob, options.sweepCron ?? '* * * * *');
  await sweep();
  const everyMs = options.sweepEveryMs ?? 5_000;
  const timer = everyMs > 0 ? setInterval(() => void sweep().catch((err: unknown) => logger.warn({ err: errorForLog(err) }, 'sweep failed')), everyMs) : undefined;
  timer?.unref?.();

  return {
    sweep,
    stop: async () => {
      if (timer !== undefined) clearInterval(timer);
      await jobs.offWork(botTickJob, tickWorker);
      await jobs.offWork(botSweepJob, sweepWorker);
    },
  };
}
