/** A `ScopeTimer` a test moves by hand (the signing scope's limit without sleeping). */
import type { ScopeTimer } from './ports.ts';

export class ManualScopeTimer implements ScopeTimer {
  #nowMs = 0;
  readonly #pending = new Set<{ readonly at: number; readonly fire: () => void }>();

  after(ms: number, fire: () => void): () => void {
    const entry = { at: this.#nowMs + ms, fire };
    this.#pending.add(entry);
    return () => this.#pending.delete(entry);
  }

  /** Moves time on and fires every timer now due, in order. */
  advance(ms: number): void {
    this.#nowMs += ms;
    const due = [...this.#pending].filter((e) => e.at <= this.#nowMs).sort((a, b) => a.at - b.at);
    for (const entry of due) {
      this.#pending.delete(entry);
      entry.fire();
    }
  }

  get pendingCount(): number {
    return this.#pending.size;
  }
}
