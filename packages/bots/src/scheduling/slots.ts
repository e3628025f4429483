/**
 * Tick slots with a per-bot phase. A bot ticks at `phase + k × interval` (ms since the epoch), where
 * the phase is a hash of its id below its interval: ten thousand 60 s bots spread over the minute
 * instead of all falling due on it, so the scheduler faces a steady rate, not a burst it can only
 * serve late. The slot's start (ISO, UTC) is the tick key, so a claim retried after a crash runs
 * the same key and applies once (see `runTick`).
 */

/** FNV-1a (32 bit) of the bot id: stable across processes and releases. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The bot's offset inside its interval, whole milliseconds in [0, interval). */
export function slotPhaseMs(botId: string, intervalSecs: number): number {
  return fnv1a(botId) % (intervalSecs * 1_000);
}

/** Start of the bot's slot that contains `nowMs`. */
export function slotStartMs(botId: string, intervalSecs: number, nowMs: number): number {
  const intervalMs = intervalSecs * 1_000;
  const phase = slotPhaseMs(botId, intervalSecs);
  return Math.floor((nowMs - phase) / intervalMs) * intervalMs + phase;
}

/** Start of the bot's first slot at or after `atMs`. */
export function firstSlotFromMs(botId: string, intervalSecs: number, atMs: number): number {
  const start = slotStartMs(botId, intervalSecs, atMs);
  return start === atMs ? start : start + intervalSecs * 1_000;
}

export const slotTickKey = (slotMs: number): string => new Date(slotMs).toISOString();
