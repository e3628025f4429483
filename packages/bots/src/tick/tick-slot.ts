/**
 * Tick keys for the scheduler: a bot's ticks fall on slots of its interval since the Unix epoch,
 * and the slot's start (ISO, UTC) is the tick key. A job enqueued twice for one slot, or retried
 * after a crash, carries the same key — so it applies once (see `runTick`).
 */
export interface TickSlot {
  readonly tickKey: string;
  readonly slotStart: Date;
  /** When the next slot starts. */
  readonly nextSlotStart: Date;
}

export function tickSlot(now: Date, intervalSecs: number): TickSlot {
  if (!Number.isSafeInteger(intervalSecs) || intervalSecs <= 0) throw new RangeError('intervalSecs must be a positive whole number');
  const ms = intervalSecs * 1_000;
  const start = Math.floor(now.getTime() / ms) * ms;
  return { tickKey: new Date(start).toISOString(), slotStart: new Date(start), nextSlotStart: new Date(start + ms) };
}
