/**
 * One token's order book: resting orders kept best-first per side, price then time.
 * Guarantees: bids sorted by price descending, asks ascending, ties by arrival `seq`;
 * no order with `remainingMicros` 0 stays on the book.
 */
import type { RestingOrder, Side } from './types.ts';

export interface PriceLevel {
  readonly priceMicros: number;
  readonly sizeMicros: number;
}

export class OrderBook {
  /** Best first. */
  readonly bids: RestingOrder[] = [];
  readonly asks: RestingOrder[] = [];
  readonly #byId = new Map<string, RestingOrder>();
  #seq = 0;

  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  side(side: Side): RestingOrder[] {
    return side === 'BUY' ? this.bids : this.asks;
  }

  get(orderId: string): RestingOrder | undefined {
    return this.#byId.get(orderId);
  }

  add(order: RestingOrder): void {
    const list = this.side(order.side);
    const better = order.side === 'BUY' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    // Insert after every order at a better or equal price (time priority within a level).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const resting = list[mid] as RestingOrder;
      if (better(resting.priceMicros, order.priceMicros) || resting.priceMicros === order.priceMicros) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, order);
    this.#byId.set(order.orderId, order);
  }

  remove(orderId: string): RestingOrder | undefined {
    const order = this.#byId.get(orderId);
    if (!order) return undefined;
    const list = this.side(order.side);
    const index = list.indexOf(order);
    if (index >= 0) list.splice(index, 1);
    this.#byId.delete(orderId);
    return order;
  }

  /** Drop the head of a side after it filled completely. */
  shiftFilled(side: Side): void {
    const head = this.side(side).shift();
    if (head) this.#byId.delete(head.orderId);
  }

  /** Aggregated levels, best first. */
  levels(side: Side): PriceLevel[] {
    const levels: PriceLevel[] = [];
    for (const order of this.side(side)) {
      const last = levels[levels.length - 1];
      if (last && last.priceMicros === order.priceMicros) {
        levels[levels.length - 1] = { priceMicros: last.priceMicros, sizeMicros: last.sizeMicros + order.remainingMicros };
      } else {
        levels.push({ priceMicros: order.priceMicros, sizeMicros: order.remainingMicros });
      }
    }
    return levels;
  }

  bestPrice(side: Side): number | undefined {
    return this.side(side)[0]?.priceMicros;
  }

  get size(): number {
    return this.#byId.size;
  }
}
