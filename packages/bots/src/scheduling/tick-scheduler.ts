/**
 * The bot-tick scheduler: runs each active bot's tick at its slot, as many at once as the database
 * can take, fairly, across any number of worker processes.
 *
 * Guarantees
 * - One bot's tick never runs twice at once: a tick runs only under the lease its claim took on the
 *   bot's schedule row (claims skip rows another worker holds), and the tick itself claims its
 *   (bot, tick key) and locks the bot row, so even a tick outliving its lease applies once.
 * - A killed worker loses nothing and doubles nothing: its lease expires and the row is claimed again
 *   for the SAME slot (same tick key): the retry applies the tick once, or finds it applied
 *   (`duplicate`). After `maxAttempts` lost or failed attempts the slot is given up and counted.
 * - Slow strategies never hold up fast ones: LLM bots tick in their own lane (own loop, own
 *   concurrency, longer lease); rule-based bots never wait for a free LLM slot.
 * - Fair between users: a claim takes each user's earliest due bot before anyone's second
 *   (the store's `claimDue`), so one user's many bots do not delay another user's.
 * - Nothing is skipped silently: a tick's lateness (start − slot) is recorded, as are slots that
 *   passed while the bot could not tick (the next tick runs the current slot, not a backlog).
 *
 * Semantics
 * - A lane loop claims a batch when at least half its slots are free (or none is busy), starts each
 *   tick, and otherwise sleeps until a tick finishes or the next row falls due (at most `idleMaxMs`,
 *   so rows another process adds are noticed). Throughput is set by the ticks and the database.
 * - `runDue()` runs everything due at the clock's `now` and returns: what tests drive under a manual clock.
 *
 * Known limitations
 * - The lease is fixed per lane (no renewal): a tick running longer than it may be claimed again;
 *   the tick's own idempotency and row lock keep that to one application, but the second worker waits.
 * - Fairness is between users, not weighted by plan or interval.
 */
import type { Clock } from '@polymancer/core';
import type { TickRequest, TickResult } from '../tick/run-tick.ts';
import type { ClaimedTick, TickLane, TickScheduleStore } from './schedule-store.ts';
import { tickLanes } from './schedule-store.ts';
import { firstSlotFromMs, slotStartMs, slotTickKey } from './slots.ts';

export interface LaneSettings {
  /** Ticks of this lane running at once in this process. */
  readonly concurrency: number;
  /** How long a claim holds a bot before another worker may retry its slot. */
  readonly leaseMs: number;
}

export const defaultLaneSettings: Readonly<Record<TickLane, LaneSettings>> = {
  rules: { concurrency: 16, leaseMs: 30_000 },
  llm: { concurrency: 8, leaseMs: 180_000 },
};

export type TickOutcome = TickResult['status'] | 'failed' | 'given_up';

export interface TickEvent {
  readonly lane: TickLane;
  readonly botId: string;
  readonly tickKey: string;
  readonly outcome: TickOutcome;
  readonly latenessMs: number | null;
  readonly late: boolean;
  readonly missedSlots: number;
  readonly retry: boolean;
  readonly durationMs: number;
}

export interface TickSchedulerOptions {
  readonly store: TickScheduleStore;
  /** `runTick` bound to its deps. */
  readonly runTick: (request: TickRequest, now: Date) => Promise<TickResult>;
  readonly clock: Clock;
  /** This worker's id: the lease owner. */
  readonly owner: string;
  readonly lanes?: Partial<Record<TickLane, Partial<LaneSettings>>>;
  /** A tick starting later than this after its slot counts as late. Default 2 s. */
  readonly lateAfterMs?: number;
  readonly retryDelayMs?: number;
  readonly maxAttempts?: number;
  readonly idleMaxMs?: number;
  readonly onTick?: (event: TickEvent) => void;
  readonly onError?: (error: unknown, context: { readonly lane: TickLane; readonly botId?: string }) => void;
}

export interface TickScheduler {
  /** Starts one loop per lane (real-time waits). */
  start(): void;
  /** Stops claiming and waits for the ticks in flight. */
  stop(): Promise<void>;
  /** Claims and runs every tick due at the clock's now (all lanes, or one), then returns how many ran. */
  runDue(lane?: TickLane): Promise<number>;
  /** Ticks running in this process. */
  running(lane: TickLane): number;
  /** Ends the lanes' idle waits now (rows were added). */
  wake(): void;
}

export function createTickScheduler(options: TickSchedulerOptions): TickScheduler {
  const { store, clock, owner } = options;
  const lateAfterMs = options.lateAfterMs ?? 2_000;
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const idleMaxMs = options.idleMaxMs ?? 500;
  const settings = (lane: TickLane): LaneSettings => ({ ...defaultLaneSettings[lane], ...options.lanes?.[lane] });
  const inFlight: Record<TickLane, number> = { rules: 0, llm: 0 };
  const report = (error: unknown, lane: TickLane, botId?: string) => options.onError?.(error, botId === undefined ? { lane } : { lane, botId });

  async function runOne(c: ClaimedTick): Promise<void> {
    const intervalMs = c.intervalSecs * 1_000;
    const startedMs = clock.now().getTime();
    const retry = c.attempts > 0;
    let slotMs: number;
    let missedSlots = 0;
    if (c.dueAtMs === null) slotMs = slotStartMs(c.botId, c.intervalSecs, startedMs);
    else if (retry || startedMs - c.dueAtMs < intervalMs) slotMs = c.dueAtMs; // a retry keeps its slot's key
    else {
      missedSlots = Math.floor((startedMs - c.dueAtMs) / intervalMs);
      slotMs = c.dueAtMs + missedSlots * intervalMs;
    }
    const latenessMs = c.dueAtMs === null ? null : Math.max(0, startedMs - slotMs);
    const late = latenessMs !== null && latenessMs > lateAfterMs;
    const tickKey = slotTickKey(slotMs);
    const emit = (outcome: TickOutcome) =>
      options.onTick?.({ lane: c.lane, botId: c.botId, tickKey, outcome, latenessMs, late, missedSlots, retry, durationMs: clock.now().getTime() - startedMs });
    // The next slot is the bot's first slot of its grid at least an interval after this one: slot +
    // interval when this slot is on the grid; after an interval edit that kept an old slot, the grid's
    // (phases stay spread, and the bot never ticks twice within an interval).
    const nextDueMs = firstSlotFromMs(c.botId, c.intervalSecs, slotMs + intervalMs);
    const finish = (failed: boolean) =>
      store.finish({ botId: c.botId, owner, nextDueAt: new Date(nextDueMs), at: new Date(startedMs), latenessMs, late, missedSlots, failed });

    if (c.dueAtMs === null) await store.pinSlot(c.botId, owner, new Date(slotMs));
    if (c.attempts >= maxAttempts) {
      await finish(true);
      emit('given_up');
      return;
    }
    let result: TickResult;
    try {
      result = await options.runTick({ botId: c.botId, tickKey }, new Date(startedMs));
    } catch (error) {
      report(error, c.lane, c.botId);
      if (c.attempts + 1 >= maxAttempts) await finish(true);
      else await store.retryLater(c.botId, owner, new Date(clock.now().getTime() + retryDelayMs));
      emit('failed');
      return;
    }
    if (result.status === 'not_found' || (result.status === 'skipped' && (result.code === 'bot_not_active' || result.code === 'bot_deleted'))) {
      await store.remove(c.botId, owner);
    } else {
      await finish(false);
    }
    emit(result.status);
  }

  function start1(c: ClaimedTick, running: Set<Promise<void>>): void {
    inFlight[c.lane] += 1;
    const p: Promise<void> = runOne(c)
      .catch((error: unknown) => report(error, c.lane, c.botId))
      .finally(() => {
        inFlight[c.lane] -= 1;
        running.delete(p);
      });
    running.add(p);
  }

  async function drain(lane: TickLane): Promise<number> {
    const { concurrency, leaseMs } = settings(lane);
    const running = new Set<Promise<void>>();
    let ran = 0;
    for (;;) {
      const free = concurrency - running.size;
      if (free > 0) {
        const claimed = await store.claimDue({ lane, now: clock.now(), limit: free, owner, leaseMs });
        for (const c of claimed) start1(c, running);
        ran += claimed.length;
      }
      if (running.size === 0) return ran;
      await Promise.race(running);
    }
  }

  let stopped = true;
  let loops: Promise<void>[] = [];
  const wakers = new Set<() => void>();
  const wakeAll = () => {
    for (const w of [...wakers]) w();
  };

  async function loop(lane: TickLane): Promise<void> {
    const { concurrency, leaseMs } = settings(lane);
    const refillAt = Math.max(1, Math.floor(concurrency / 2));
    const running = new Set<Promise<void>>();
    while (!stopped) {
      const free = concurrency - running.size;
      let claimedAll = false;
      let delayMs = idleMaxMs;
      if (free >= refillAt || running.size === 0) {
        try {
          const claimed = await store.claimDue({ lane, now: clock.now(), limit: free, owner, leaseMs });
          for (const c of claimed) start1(c, running);
          claimedAll = claimed.length === free;
          if (!claimedAll) {
            const next = await store.nextClaimableAt(lane, clock.now());
            if (next !== undefined) delayMs = Math.min(idleMaxMs, Math.max(5, next.getTime() - clock.now().getTime()));
          }
        } catch (error) {
          report(error, lane);
        }
      }
      if (claimedAll && running.size < concurrency) continue;
      // Sleep until a tick of this lane finishes (when busy) or the next row falls due.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, running.size >= refillAt && free < refillAt ? idleMaxMs : delayMs);
        wakers.add(done);
        for (const p of running) void p.then(done);
      });
    }
    await Promise.all(running);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      loops = tickLanes.map((lane) =>
        loop(lane).catch((error: unknown) => {
          report(error, lane);
        }),
      );
    },
    async stop() {
      stopped = true;
      wakeAll();
      await Promise.all(loops);
      loops = [];
    },
    async runDue(lane) {
      const counts = await Promise.all((lane === undefined ? tickLanes : [lane]).map(drain));
      return counts.reduce((a, b) => a + b, 0);
    },
    running: (lane) => inFlight[lane],
    wake: wakeAll,
  };
}
