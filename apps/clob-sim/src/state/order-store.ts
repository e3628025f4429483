/**
 * The exchange's records of orders and trades: every order by id, the live orders of each maker and
 * what they hold back (collateral for BUYs, shares for SELLs: what the maker's balances and allowances
 * must still cover, kept as running totals so an order's funds check does not walk every live order),
 * the live orders that expire (GTD: what the sweep before every request looks at), trades by id, and
 * each token's last trade. A live order's fills go through `addMatched`, which keeps the totals exact.
 */
import type { Side } from '../matching/types.ts';
import { MICROS } from '../wire/decimal.ts';
import type { SimOrder, SimTrade } from './types.ts';

/** ⌈sizeMicros × priceMicros / 10⁶⌉, exactly (Number arithmetic while the product is a safe integer, else BigInt). */
export function collateralCeilMicros(sizeMicros: number, priceMicros: number): number {
  const product = sizeMicros * priceMicros;
  if (Number.isSafeInteger(product)) {
    const rest = product % MICROS;
    return (product - rest) / MICROS + (rest > 0 ? 1 : 0);
  }
  return Number((BigInt(sizeMicros) * BigInt(priceMicros) + BigInt(MICROS - 1)) / BigInt(MICROS));
}

/** What a live order holds back: ⌈remaining × price⌉ of collateral for a BUY, its remaining shares for a SELL. */
export function holdOf(order: SimOrder): number {
  const remaining = order.originalSizeMicros - order.sizeMatchedMicros;
  return order.side === 'BUY' ? collateralCeilMicros(remaining, order.priceMicros) : remaining;
}

export class OrderStore {
  readonly #orders = new Map<string, SimOrder>();
  /** Lower-case maker address → ids of its live orders. */
  readonly #liveByMaker = new Map<string, Set<string>>();
  /** Ids of live orders with an expiration (GTD). */
  readonly #liveExpiring = new Set<string>();
  /** Lower-case maker address → what its live orders hold back (running totals). */
  readonly #reservedByMaker = new Map<string, { collateralMicros: number; readonly tokens: Map<string, number> }>();
  /** Live order id → what it holds back, as counted in its maker's totals. */
  readonly #holds = new Map<string, number>();
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
    if (order.orderType === 'GTD' && order.expirationSecs > 0) this.#liveExpiring.add(order.id);
    if (!this.#holds.has(order.id)) {
      const held = holdOf(order);
      this.#holds.set(order.id, held);
      this.#adjustReserved(order, held);
    }
  }

  untrackLive(order: SimOrder): void {
    this.#liveByMaker.get(order.makerAddress)?.delete(order.id);
    this.#liveExpiring.delete(order.id);
    const held = this.#holds.get(order.id);
    if (held !== undefined) {
      this.#holds.delete(order.id);
      this.#adjustReserved(order, -held);
    }
  }

  /** A resting order was (partly) filled: its matched size grows and what it holds back shrinks. */
  addMatched(order: SimOrder, sizeMicros: number): void {
    order.sizeMatchedMicros += sizeMicros;
    const before = this.#holds.get(order.id);
    if (before === undefined) return;
    const after = holdOf(order);
    this.#holds.set(order.id, after);
    this.#adjustReserved(order, after - before);
  }

  #adjustReserved(order: SimOrder, delta: number): void {
    let totals = this.#reservedByMaker.get(order.makerAddress);
    if (totals === undefined) {
      totals = { collateralMicros: 0, tokens: new Map() };
      this.#reservedByMaker.set(order.makerAddress, totals);
    }
    if (order.side === 'BUY') totals.collateralMicros += delta;
    else {
      const shares = (totals.tokens.get(order.tokenId) ?? 0) + delta;
      if (shares === 0) totals.tokens.delete(order.tokenId);
      else totals.tokens.set(order.tokenId, shares);
    }
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

  /** Live orders that expire (GTD with an expiration), in the order they were placed (a copy: the sweep cancels while iterating). */
  liveExpiring(): SimOrder[] {
    return [...this.#liveExpiring].map((id) => this.#orders.get(id)).filter((o): o is SimOrder => o !== undefined);
  }

  ordersOf(ownerAddress: string): SimOrder[] {
    const owner = ownerAddress.toLowerCase();
    return [...this.#orders.values()].filter((o) => o.ownerAddress === owner);
  }

  /** Collateral and tokens the maker's live orders hold back. */
  reserved(makerAddress: string): { collateralMicros: number; tokens: Map<string, number> } {
    const totals = this.#reservedByMaker.get(makerAddress.toLowerCase());
    return { collateralMicros: totals?.collateralMicros ?? 0, tokens: new Map(totals?.tokens) };
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
