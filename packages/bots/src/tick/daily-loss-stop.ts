/**
 * The daily loss limit as a hard stop (issue 16). Once a tick ends with the day's loss (equity now −
 * equity at the UTC day's opening) at or over `dailyLossLimitMicros`, the bot is stopped until the
 * next UTC day: the stop is stored per UTC day on the bot row, apart from its status and settings,
 * so neither a resume nor a settings change (a raised or removed limit) lifts it. While stopped the
 * bot decides nothing; if its owner asks for risk-reducing sells (`bots.allowExitsWhileStopped`)
 * it may sell, never buy. Positions in markets that resolve still settle. The new UTC day lifts it.
 * Paper and live ticks apply it through the same functions here (what to decide, what to trade,
 * recording a newly reached stop, telling the owner).
 */
import { type DailyPnlState, dailyPnlMicros, utcDayOf } from '@polymancer/core';
import type { Bot } from '../model/bot.ts';
import type { TickBotState, TickTransaction } from './tick-store.ts';

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

/** Whether the strategy is consulted at all: not while stopped, unless the owner asked for exits. */
export function decidesUnder(stop: { readonly exitsAllowed: boolean } | undefined): boolean {
  return stop === undefined || stop.exitsAllowed;
}

/** Whether a trade on this side may go ahead under the stop in force (sells only, and only on request). */
export function tradesUnder(stop: { readonly exitsAllowed: boolean } | undefined, side: 'buy' | 'sell'): boolean {
  return stop === undefined || (side === 'sell' && stop.exitsAllowed);
}

/**
 * At the end of a tick, inside its transaction: a stop newly reached is audited
 * (`bot.daily_loss_stopped`) and returned — the caller writes its `utcDay` to the bot row
 * (`dailyLossStoppedDay`) with the tick's other bot writes. A stop already in force is not reached again.
 */
export async function recordDailyLossStop(
  tx: Pick<TickTransaction, 'audit'>,
  tick: { readonly bot: Bot; readonly tickKey: string; readonly inForce: { readonly exitsAllowed: boolean } | undefined },
  daily: DailyPnlState,
  now: Date,
  equityMicros: number,
): Promise<DailyLossStopNotice | undefined> {
  if (tick.inForce !== undefined) return undefined;
  const reached = dailyLossReached(tick.bot, daily, now, equityMicros);
  if (reached !== undefined) {
    await tx.audit({ actorId: null, actorType: 'system', action: 'bot.daily_loss_stopped', subjectType: 'bot', subjectId: tick.bot.id, details: { tickKey: tick.tickKey, ...reached } });
  }
  return reached;
}

/** Tells the owner, after the tick committed, that the limit stopped their bot; a failing notifier never fails the tick. */
export async function notifyDailyLossStop(
  notifier: { notify(userId: string, kind: string, data: Readonly<Record<string, unknown>>): Promise<unknown> } | undefined,
  bot: Pick<Bot, 'id' | 'userId' | 'name'>,
  stop: DailyLossStopNotice | undefined,
): Promise<void> {
  if (notifier === undefined || stop === undefined) return;
  await notifier.notify(bot.userId, 'bot.daily_loss_stopped', { botId: bot.id, botName: bot.name, ...stop }).catch(() => undefined);
}
