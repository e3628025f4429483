/**
 * A per-user limit on distinct keys in a fixed window (in memory, per API instance): asking for the
 * same key again within the window is free, a new one counts. For requests whose cost falls on a
 * third party when the key is new — a market search the cache has not seen goes to the venue — so one
 * signed-in user cannot make the server hammer it with unique strings while paging stays free.
 *
 * Known limitation: per instance, so N instances allow N × `max`; the venue's own rate limits remain
 * the backstop.
 */
import type { Clock } from '@polymancer/core';

export interface DistinctPerUserLimiter {
  /** undefined when allowed (and counted); else the whole seconds until the user's window ends. */
  take(userId: string, key: string): number | undefined;
}

export function createDistinctPerUserLimiter(options: { readonly clock: Clock; readonly windowMs: number; readonly max: number }): DistinctPerUserLimiter {
  const windows = new Map<string, { readonly startMs: number; readonly keys: Set<string> }>();
  return {
    take(userId, key) {
      const now = options.clock.now().getTime();
      let window = windows.get(userId);
      if (window === undefined || now - window.startMs >= options.windowMs) {
        if (windows.size >= 10_000) for (const [id, w] of windows) if (now - w.startMs >= options.windowMs) windows.delete(id);
        window = { startMs: now, keys: new Set() };
        windows.set(userId, window);
      }
      if (window.keys.has(key)) return undefined;
      if (window.keys.size >= options.max) return Math.max(1, Math.ceil((window.startMs + options.windowMs - now) / 1000));
      window.keys.add(key);
      return undefined;
    },
  };
}
