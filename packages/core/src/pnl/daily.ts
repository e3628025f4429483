/**
 * Daily P&L per UTC day: equity now minus equity when the day opened, so it counts realized and
 * unrealized P&L (and fees) alike. The engine keeps one `DailyPnlState` per bot, rolls it on each
 * tick, and hands `{ utcDay, pnlMicros }` to the daily loss limit.
 *
 * Limitation: a day opens at the first observation after midnight UTC, not at midnight exactly;
 * moves between midnight and that tick count toward the new day.
 */
import type { Position } from './position.ts';
import { markValueMicros } from './position.ts';
import { type UtcDay, utcDayOf } from './utc-day.ts';

export interface DailyPnlState {
  readonly utcDay: UtcDay;
  readonly openingEquityMicros: number;
  /** Realized P&L booked on this day. */
  readonly realizedMicros: number;
}

/** Starts the day of `now` at `equityMicros`, or keeps `state` if it is already that day. */
export function rollDailyPnl(state: DailyPnlState | undefined, now: Date, equityMicros: number): DailyPnlState {
  const day = utcDayOf(now);
  if (state !== undefined && state.utcDay === day) return state;
  return { utcDay: day, openingEquityMicros: equityMicros, realizedMicros: 0 };
}

/**
 * Books realized P&L at `now`. `equityBeforeMicros` is the equity just before this change, used to
 * open a new day if `now` falls on one.
 */
export function recordRealized(state: DailyPnlState | undefined, now: Date, realizedMicros: number, equityBeforeMicros: number): DailyPnlState {
  const current = rollDailyPnl(state, now, equityBeforeMicros);
  return { ...current, realizedMicros: current.realizedMicros + realizedMicros };
}

/** Today's P&L: equity now − opening equity (0 if `state` is from an earlier day). */
export function dailyPnlMicros(state: DailyPnlState, now: Date, equityNowMicros: number): number {
  return state.utcDay === utcDayOf(now) ? equityNowMicros - state.openingEquityMicros : 0;
}

/**
 * Balance plus every position marked at `marks` (token → price micros). A position without a mark
 * counts at its cost basis: no information, no P&L.
 */
export function equityMicros(balanceMicros: number, positions: Iterable<Position>, marks: ReadonlyMap<string, number>): number {
  let total = balanceMicros;
  for (const p of positions) {
    const mark = marks.get(p.tokenId);
    total += mark === undefined ? p.costBasisMicros : markValueMicros(p, mark);
  }
  return total;
}

/** Sums realized P&L events per UTC day (for reports and charts). */
export function realizedByUtcDay(events: Iterable<{ readonly at: Date | number; readonly realizedPnlMicros: number }>): Map<UtcDay, number> {
  const out = new Map<UtcDay, number>();
  for (const e of events) {
    const day = utcDayOf(e.at);
    out.set(day, (out.get(day) ?? 0) + e.realizedPnlMicros);
  }
  return out;
}
