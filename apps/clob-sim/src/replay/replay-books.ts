/**
 * Serves recorded books over time: a token's snapshot i is current once the simulator clock has run
 * (ts_i − ts_0) / speed since the replay started, ts_0 being that token's first recorded timestamp.
 * Snapshots sharing a timestamp resolve to the last one recorded.
 */
import type { RecordedBook } from './load.ts';

export class ReplayBooks {
  readonly #timelines: ReadonlyMap<string, readonly RecordedBook[]>;
  readonly #startMs: number;
  readonly #speed: number;

  constructor(timelines: ReadonlyMap<string, readonly RecordedBook[]>, startMs: number, speed = 1) {
    this.#timelines = timelines;
    this.#startMs = startMs;
    this.#speed = speed;
  }

  tokens(): string[] {
    return [...this.#timelines.keys()];
  }

  has(tokenId: string): boolean {
    return this.#timelines.has(tokenId);
  }

  first(tokenId: string): RecordedBook | undefined {
    return this.#timelines.get(tokenId)?.[0];
  }

  /** The snapshot current at `nowMs`. */
  at(tokenId: string, nowMs: number): RecordedBook | undefined {
    const timeline = this.#timelines.get(tokenId);
    const first = timeline?.[0];
    if (!timeline || !first) return undefined;
    const recordedNow = first.timestampMs + (nowMs - this.#startMs) * this.#speed;
    let current = first;
    for (const snapshot of timeline) {
      if (snapshot.timestampMs <= recordedNow) current = snapshot;
      else break;
    }
    return current;
  }
}
