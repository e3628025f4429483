/**
 * Heartbeat sessions per API key (Polymarket's dead-man switch). The first beat with an empty or null id
 * starts a session and returns its id; later beats must echo it. A session not beaten within the timeout
 * expires, and the exchange cancels that key's open orders.
 */
import { randomUUID } from 'node:crypto';

export type BeatResult = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly id: string };

export class HeartbeatSessions {
  readonly #sessions = new Map<string, { id: string; lastBeatMs: number }>();
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  beat(apiKey: string, heartbeatId: string | null | undefined, nowMs: number): BeatResult {
    const session = this.#sessions.get(apiKey);
    if (!heartbeatId) {
      const id = randomUUID();
      this.#sessions.set(apiKey, { id, lastBeatMs: nowMs });
      return { ok: true, id };
    }
    if (!session || session.id !== heartbeatId) return { ok: false, id: session?.id ?? '' };
    session.lastBeatMs = nowMs;
    return { ok: true, id: session.id };
  }

  /** Remove and return the API keys whose sessions expired by `nowMs`. */
  expire(nowMs: number): string[] {
    const expired: string[] = [];
    for (const [key, session] of this.#sessions) {
      if (nowMs - session.lastBeatMs > this.#timeoutMs) {
        this.#sessions.delete(key);
        expired.push(key);
      }
    }
    return expired;
  }
}
