/**
 * The bot's account inside one tick's transaction: balance and positions as re-read under lock,
 * changed fill by fill through core's position math, so guards always see the effect of earlier
 * fills of the same tick. Integers throughout.
 */
import { applyFill, emptyPosition, type ExecutedFill, marketCostBasisMicros, markValueMicros, type PositionChange, type PositionError, type Result, settlePosition } from '@polymancer/core';
import type { StoredPosition } from './tick-store.ts';

export class TickLedger {
  balanceMicros: number;
  readonly #positions = new Map<string, StoredPosition>();
  readonly #changed = new Set<string>();

  constructor(balanceMicros: number, positions: readonly StoredPosition[]) {
    this.balanceMicros = balanceMicros;
    for (const p of positions) this.#positions.set(p.tokenId, p);
  }

  position(tokenId: string): StoredPosition | undefined {
    return this.#positions.get(tokenId);
  }

  positions(): StoredPosition[] {
    return [...this.#positions.values()];
  }

  changed(): StoredPosition[] {
    return [...this.#changed].map((id) => this.#positions.get(id) as StoredPosition);
  }

  /** Cost basis held across a market's outcome tokens. */
  marketCostBasisMicros(marketTokenIds: Iterable<string>): number {
    return marketCostBasisMicros(this.#positions.values(), marketTokenIds);
  }

  apply(tokenId: string, where: { conditionId: string; outcome: string }, fill: ExecutedFill): Result<PositionChange, PositionError> {
    const current = this.#positions.get(tokenId) ?? { ...emptyPosition(tokenId), ...where, markPriceMicros: null, settledAt: null, settlementPriceMicros: null };
    const change = applyFill(current, fill);
    if (!change.ok) return change;
    this.#put({ ...current, ...change.value.position });
    this.balanceMicros += change.value.cashDeltaMicros;
    return change;
  }

  /** Settles the position at `payoutMicros` a share (1/0 or a split); undefined when nothing is open. */
  settle(tokenId: string, payoutMicros: number, at: Date): PositionChange | undefined {
    const current = this.#positions.get(tokenId);
    if (current === undefined || current.sharesMicros === 0 || current.settledAt !== null) return undefined;
    const change = settlePosition(current, payoutMicros);
    const price = payoutMicros;
    this.#put({ ...current, ...change.position, settledAt: at, settlementPriceMicros: price, markPriceMicros: price });
    this.balanceMicros += change.cashDeltaMicros;
    return change;
  }

  mark(tokenId: string, priceMicros: number): void {
    const current = this.#positions.get(tokenId);
    if (current === undefined || current.markPriceMicros === priceMicros || current.settledAt !== null) return;
    this.#put({ ...current, markPriceMicros: priceMicros });
  }

  /** Balance + open positions at their marks (cost basis where never marked). */
  valuation(): { positionsValueMicros: number; unrealizedPnlMicros: number; realizedPnlMicros: number; equityMicros: number } {
    let value = 0;
    let unrealized = 0;
    let realized = 0;
    for (const p of this.#positions.values()) {
      realized += p.realizedPnlMicros;
      if (p.sharesMicros === 0) continue;
      const v = p.markPriceMicros === null ? p.costBasisMicros : markValueMicros(p, p.markPriceMicros);
      value += v;
      unrealized += v - p.costBasisMicros;
    }
    return { positionsValueMicros: value, unrealizedPnlMicros: unrealized, realizedPnlMicros: realized, equityMicros: this.balanceMicros + value };
  }

  #put(p: StoredPosition): void {
    this.#positions.set(p.tokenId, p);
    this.#changed.add(p.tokenId);
  }
}
