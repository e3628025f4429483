/**
 * Cancels and the expiry sweep: cancel by id / by predicate (only the caller's live orders), and
 * `sweep`, run before every request against the injected clock — failed settlements are undone, the
 * orders of API keys whose heartbeats stopped are cancelled, GTD orders past their expiration expire.
 */
import { bookChanged, nowMs, type ExchangeCore } from './core.ts';
import { revertTrade } from './fills.ts';
import type { SimOrder } from './types.ts';

export interface CancelResult {
  canceled: string[];
  not_canceled: Record<string, string>;
}

export function cancelOrder(core: ExchangeCore, order: SimOrder): void {
  core.registry.rawBook(order.tokenId)?.remove(order.id);
  order.status = 'CANCELED';
  core.store.untrackLive(order);
  core.events.onOrder?.(order, 'CANCELLATION');
  bookChanged(core, order.tokenId);
}

export function cancelOrders(core: ExchangeCore, ownerAddress: string, ids: readonly string[]): CancelResult {
  const result: CancelResult = { canceled: [], not_canceled: {} };
  for (const id of new Set(ids)) {
    const order = core.store.order(id);
    if (!order || order.ownerAddress !== ownerAddress.toLowerCase()) result.not_canceled[id] = 'order not found';
    else if (order.status !== 'LIVE') result.not_canceled[id] = 'already canceled or matched';
    else {
      cancelOrder(core, order);
      result.canceled.push(id);
    }
  }
  return result;
}

export function cancelWhere(core: ExchangeCore, ownerAddress: string, predicate: (order: SimOrder) => boolean): CancelResult {
  const ids = core.store
    .ordersOf(ownerAddress)
    .filter((o) => o.status === 'LIVE' && predicate(o))
    .map((o) => o.id);
  return cancelOrders(core, ownerAddress, ids);
}

/** Revert failed settlements, cancel orders of keys whose heartbeats stopped, expire GTD orders. */
export function sweepExpired(core: ExchangeCore): void {
  const now = nowMs(core);
  for (const id of core.failingTrades) {
    const trade = core.store.trade(id);
    if (trade && core.settler.status(trade, now) === 'FAILED') {
      revertTrade(core, trade);
      core.failingTrades.delete(id);
    }
  }
  const nowSecs = Math.floor(now / 1000);
  for (const key of core.heartbeats.expire(now)) {
    for (const order of core.store.all()) {
      if (order.ownerKey === key && order.status === 'LIVE') cancelOrder(core, order);
    }
  }
  for (const order of core.store.liveExpiring()) {
    if (order.status === 'LIVE' && order.orderType === 'GTD' && order.expirationSecs > 0 && order.expirationSecs <= nowSecs) cancelOrder(core, order);
  }
}
