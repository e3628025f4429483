/**
 * The scheduler's storage port: a queue of bots with their next due slot, claimed in batches under
 * leases. `@polymancer/db`'s `createTickScheduleStore` implements it on Postgres (`for update skip
 * locked`); rows follow the bots table (a bot that should tick has one).
 */

/** Fast built-in strategies, and slow LLM ones in their own lane (own concurrency, own loop). */
export type TickLane = 'rules' | 'llm';
export const tickLanes: readonly TickLane[] = ['rules', 'llm'];

export interface ClaimedTick {
  readonly botId: string;
  readonly userId: string;
  readonly lane: TickLane;
  readonly intervalSecs: number;
  /** The slot due; null = a new or resumed bot (tick its current slot). */
  readonly dueAtMs: number | null;
  /** Earlier attempts at this slot that did not finish (a lost lease = a killed worker; a failure). */
  readonly attempts: number;
}

export interface ClaimRequest {
  readonly lane: TickLane;
  readonly now: Date;
  readonly limit: number;
  readonly owner: string;
  readonly leaseMs: number;
}

export interface TickFinish {
  readonly botId: string;
  readonly owner: string;
  readonly nextDueAt: Date;
  readonly at: Date;
  /** Start minus slot, for ticks of a slot that was due (null for a new bot's first tick). */
  readonly latenessMs: number | null;
  readonly late: boolean;
  /** Slots skipped because the bot could not tick on time. */
  readonly missedSlots: number;
  /** This slot was given up (failed too often), not ticked. */
  readonly failed: boolean;
}

export interface LaneCounts {
  /** Due now and not running. */
  readonly due: number;
  /** Under a live lease. */
  readonly running: number;
  /** Due for longer than the lateness bound and not running. */
  readonly late: number;
}

export interface TickScheduleStore {
  /**
   * Claims up to `limit` due rows of the lane — due slot reached, no live lease — oldest first but
   * fair between users (each user's earliest due bot before anyone's second), and leases them to
   * `owner` until `now + leaseMs`. Rows another claimer holds are skipped, never waited for.
   */
  claimDue(request: ClaimRequest): Promise<ClaimedTick[]>;
  /**
   * Fixes the slot of a new or resumed bot's first tick before it runs (if `owner` holds the row), so
   * a retry after a crash runs the same slot and key.
   */
  pinSlot(botId: string, owner: string, slotAt: Date): Promise<void>;
  /** Records the tick (or the given-up slot) and schedules the next slot; a no-op if `owner` lost the lease. */
  finish(finish: TickFinish): Promise<void>;
  /** The attempt failed: the same slot becomes claimable again at `notBefore`. */
  retryLater(botId: string, owner: string, notBefore: Date): Promise<void>;
  /** The bot should not tick (gone, paused): drop its row if `owner` still holds it. */
  remove(botId: string, owner: string): Promise<void>;
  /**
   * The lane's next due slot after `now` (undefined: none) — an index probe, not a scan of the lane.
   * Rows that become claimable when a lease runs out are not included: the lane's idle poll finds them.
   */
  nextClaimableAt(lane: TickLane, now: Date): Promise<Date | undefined>;
  counts(lane: TickLane, now: Date, lateAfterMs: number): Promise<LaneCounts>;
}
