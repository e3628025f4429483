/**
 * Bot ticks in a worker process: the scheduler of `@polymancer/bots` (lanes, batch claims, leases)
 * on the `bot_tick_schedules` queue, with its figures on /metrics. pg-boss is not in this path (see
 * the bots README, "Scheduling": it cost more per tick than the tick itself); it still runs the
 * worker's other jobs.
 */
import type { Clock } from '@polymancer/core';
import { createTickScheduler, runTick, type LaneSettings, type TickDeps, type TickEvent, type TickLane, type TickScheduleStore } from '@polymancer/bots';
import { createTickMetrics, errorForLog, type Logger, type Metrics } from '@polymancer/observability';

export interface BotTicksOptions {
  readonly store: TickScheduleStore;
  readonly tick: TickDeps;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease owner: the worker's id. */
  readonly workerId: string;
  readonly lanes?: Partial<Record<TickLane, Partial<LaneSettings>>>;
  /** A tick starting later than this after its slot counts as late (default 2 000 ms). */
  readonly lateAfterMs?: number;
  /** Where /metrics reads from; unset = no metrics (a test). */
  readonly metrics?: Metrics;
  readonly onTick?: (event: TickEvent) => void;
}

export interface BotTicks {
  /** Wakes the lanes now (bots created outside the API tick without waiting for the next poll). */
  wake(): void;
  stop(): Promise<void>;
}

export function startBotTicks(options: BotTicksOptions): BotTicks {
  const logger = options.logger.child({ component: 'bot-ticks' });
  const lateAfterMs = options.lateAfterMs ?? 2_000;
  let onTick = options.onTick;
  const scheduler = createTickScheduler({
    store: options.store,
    runTick: (request, now) => runTick(options.tick, request, now),
    clock: options.clock,
    owner: options.workerId,
    lateAfterMs,
    ...(options.lanes === undefined ? {} : { lanes: options.lanes }),
    onTick: (event) => onTick?.(event),
    onError: (err, context) => logger.warn({ ...context, err: errorForLog(err) }, 'bot tick failed'),
  });
  if (options.metrics !== undefined) {
    const m = createTickMetrics(options.metrics.registry, {
      running: (lane) => scheduler.running(lane),
      counts: (lane) => options.store.counts(lane, options.clock.now(), lateAfterMs),
    });
    const given = options.onTick;
    onTick = (event) => {
      m.ticks.inc({ lane: event.lane, outcome: event.outcome });
      if (event.late) m.late.inc({ lane: event.lane });
      if (event.missedSlots > 0) m.missedSlots.inc({ lane: event.lane }, event.missedSlots);
      if (event.latenessMs !== null) {
        m.lateness.observe({ lane: event.lane }, event.latenessMs / 1000);
        m.latenessQuantiles.observe({ lane: event.lane }, event.latenessMs / 1000);
      }
      given?.(event);
    };
  }
  scheduler.start();
  return { wake: () => scheduler.wake(), stop: () => scheduler.stop() };
}
