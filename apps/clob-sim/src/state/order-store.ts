/**
 * The exchange's records of orders and trades: every order by id, the live orders of each maker (what
 * their balances and allowances must still cover), trades by id, and each token's last trade.
 */
import type { Side } from '../matching/types.ts';
import { MICROS } from '../wire/decimal.ts';
import type { SimOrder, SimTrade } from './types.ts';

export class OrderStore {
  readonly #orders = new Map<string, SimOrder>();
  /** Lower-case maker address → ids of its live orders. */
  readonly #liveByMaker = new Map<string, Set<string>>();
  readonly trades: SimTrade[] = [];
  readonly #tradesById = new Map<string, SimTrade>();
  readonly #lastTrade = new Map<string, { priceMicros: number; side: Side }>();

  order(id: string): SimOrder | undefined {
    return this.#orders.get(id);
  }

  has(id: string): boolean {
    return this.#orders.has(id);
  }

  all(): IterableIterator<SimOrder> {
    return this.#orders.values();
  }

  /** Record an order; live ones join their maker's live set. */
  add(order: SimOrder): void {
    this.#orders.set(order.id, order);
    if (order.status === 'LIVE') this.trackLive(order);
  }

  /** Forget an order entirely (the market maker's replaced quotes). */
  remove(order: SimOrder): void {
    this.untrackLive(order);
    this.#orders.delete(order.id);
  }

  trackLive(order: SimOrder): void {
    let set = this.#liveByMaker.get(order.makerAddress);
    if (!set) {
      set = new Set();
      this.#liveByMaker.set(order.makerAddress, set);
    }
    set.add(order.id);
  }

  untrackLive(order: SimOrder): void {
    this.#liveByMaker.get(order.makerAddress)?.delete(order.id);
  }

  /** A maker's live orders (a copy: callers may cancel while iterating). */
  liveOf(makerAddress: string): SimOrder[] {
    const ids = this.#liveByMaker.get(makerAddress.toLowerCase()) ?? [];
    return [...ids].map((id) => this.#orders.get(id)).filter((o): o is SimOrder => o !== undefined);
  }

  /** Every live order, maker by maker (a copy). */
  allLive(): SimOrder[] {
    return [...this.#liveByMaker.keys()].flatMap((maker) => this.liveOf(maker));
  }

  ordersOf(ownerAddress: string): SimOrder[] {
    const owner = ownerAddress.toLowerCase();
    return [...this.#orders.values()].filter((o) => o.ownerAddress === owner);
  }

  /** Collateral and tokens the maker's live orders hold back. */
  reserved(makerAddress: string): { collateralMicros: number; tokens: Map<string, number> } {
    let collateral = 0;
    const tokens = new Map<string, number>();
    for (const order of this.liveOf(makerAddress)) {
      const remaining = order.originalSizeMicros - order.sizeMatchedMicros;
      if (order.side === 'BUY') collateral += Number((BigInt(remaining) * BigInt(order.priceMicros) + BigInt(MICROS - 1)) / BigInt(MICROS));
      else tokens.set(order.tokenId, (tokens.get(order.tokenId) ?? 0) + remaining);
    }
    return { collateralMicros: collateral, tokens };
  }

  addTrade(trade: SimTrade): void {
    this.trades.push(trade);
    this.#tradesById.set(trade.id, trade);
  }

  trade(id: string): SimTrade | undefined {
    return this.#tradesById.get(id);
  }

  lastTrade(tokenId: string): { priceMicros: number; side: Side } | undefined {
    return this.#lastTrade.get(tokenId);
  }

  setLastTrade(tokenId: string, priceMicros: number, side: Side): void {
    this.#lastTrade.set(tokenId, { priceMicros, side });
  }
}
