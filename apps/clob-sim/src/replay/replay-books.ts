/**
 * Serves recorded books over time: a token's snapshot i is current once the simulator clock has run
 * (ts_i − ts_0) / speed since the replay started, ts_0 being that token's first recorded timestamp.
 * Snapshots sharing a timestamp resolve to the last one recorded.
 *
 * A two-outcome market whose recording holds only one token's book serves the other token the
 * complement of it (bid ↔ 1 − ask), as Polymarket's two books of one market are: an order on one outcome
 * is the opposite order on the other at 1 − p.
 */
import { formatMicros, MICROS, parseDecimalMicros } from '../wire/decimal.ts';
import type { RecordedBook, RecordedLevel } from './load.ts';

const complementPrice = (price: string): string => formatMicros(MICROS - (parseDecimalMicros(price) ?? 0));
/** Levels keep the recorded orientation (best last): the complement of asks listed high → low is bids low → high. */
const complementLevels = (levels: readonly RecordedLevel[]): RecordedLevel[] => levels.map((l) => ({ price: complementPrice(l.price), size: l.size }));

function complementOf(book: RecordedBook, tokenId: string): RecordedBook {
  return {
    ...book,
    assetId: tokenId,
    bids: complementLevels(book.asks),
    asks: complementLevels(book.bids),
    lastTradePrice: book.lastTradePrice === undefined || book.lastTradePrice === '' ? book.lastTradePrice : complementPrice(book.lastTradePrice),
  };
}

export class ReplayBooks {
  readonly #timelines: ReadonlyMap<string, readonly RecordedBook[]>;
  readonly #startMs: number;
  readonly #speed: number;
  /** Token without a recording → the recorded sibling whose complement it serves. */
  readonly #mirrors = new Map<string, string>();

  constructor(timelines: ReadonlyMap<string, readonly RecordedBook[]>, startMs: number, speed = 1) {
    this.#timelines = timelines;
    this.#startMs = startMs;
    this.#speed = speed;
  }

  /** Tokens with a recording of their own. */
  tokens(): string[] {
    return [...this.#timelines.keys()];
  }

  has(tokenId: string): boolean {
    return this.#timelines.has(tokenId) || this.#mirrors.has(tokenId);
  }

  first(tokenId: string): RecordedBook | undefined {
    return this.#timelines.get(tokenId)?.[0];
  }

  /** Serve `tokenId` (no recording of its own) as the complement of `recordedTokenId`'s book. */
  mirror(tokenId: string, recordedTokenId: string): void {
    if (!this.#timelines.has(tokenId) && this.#timelines.has(recordedTokenId)) this.#mirrors.set(tokenId, recordedTokenId);
  }

  /** The snapshot current at `nowMs`. */
  at(tokenId: string, nowMs: number): RecordedBook | undefined {
    const sibling = this.#mirrors.get(tokenId);
    if (sibling !== undefined) {
      const book = this.at(sibling, nowMs);
      return book && complementOf(book, tokenId);
    }
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
