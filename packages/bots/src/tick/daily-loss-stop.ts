/**
 * The daily loss limit as a hard stop (issue 16). Once a tick ends with the day's loss (equity now −
 * equity at the UTC day's opening) at or over `dailyLossLimitMicros`, the bot is stopped until the
 * next UTC day: the stop is stored per UTC day on the bot row, apart from its status and settings,
 * so neither a resume nor a settings change (a raised or removed limit) lifts it. While stopped the
 * bot decides nothing; if its owner asks for risk-reducing sells (`bots.allowExitsWhileStopped`)
 * it may sell, never buy. Positions in markets that resolve still settle. The new UTC day lifts it.
 */
import { type DailyPnlState, dailyPnlMicros, utcDayOf } from '@polymancer/core';
import type { Bot } from '../model/bot.ts';
import type { TickBotState } from './tick-store.ts';

export interface DailyLossStopNotice {
  readonly utcDay: string;
  readonly lossMicros: number;
  readonly limitMicros: number;
  /** Next UTC midnight, ISO. */
  readonly resumesAt: string;
}

/** The stop in force at `now`, if any (a stop of an earlier day has lapsed). */
export function dailyLossStopOf(state: Pick<TickBotState, 'dailyLossStop'>, now: Date): { readonly exitsAllowed: boolean } | undefined {
  const stop = state.dailyLossStop;
  return stop !== undefined && stop.utcDay === utcDayOf(now) ? { exitsAllowed: stop.exitsAllowed } : undefined;
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Whether the day's loss at the end of this tick reached the bot's limit. */
export function dailyLossReached(bot: Bot, daily: DailyPnlState, now: Date, equityMicros: number): DailyLossStopNotice | undefined {
  const limit = bot.risk.dailyLossLimitMicros;
  if (limit === null || limit === undefined) return undefined;
  const loss = -dailyPnlMicros(daily, now, equityMicros);
  if (loss < limit) return undefined;
  return { utcDay: utcDayOf(now), lossMicros: loss, limitMicros: limit, resumesAt: nextUtcMidnight(now).toISOString() };
}
