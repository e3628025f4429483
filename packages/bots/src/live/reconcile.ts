/**
 * Reconciliation: an order left `submitting` (the process died around its post) or
 * `outcome_unknown` (timeout, dropped connection, 5xx) is settled ONLY by asking the exchange —
 * the order by its hash and the account's trades for it — and never by posting again.
 * - the exchange filled it → recorded as matched with the exchange's fills (`settledBy: reconciliation`);
 * - the exchange has no trace of it once the grace period has passed → `not_found` (a killed FOK
 *   and one that never arrived look alike; neither filled anything);
 * - the exchange is unreachable, or the order is younger than the grace → stays unreconciled, and
 *   its bot places no other order.
 * Either answer settles the order's live-risk reservation (kept under the order's id): not matched
 * → its worst case and volume are released; matched → its worst case is released and the day counts
 * the actual fill's volume and the loss after it. Settling is idempotent, so a tick that recorded the
 * answer and died before settling is caught up here too.
 */
import { createFeeModel, type FeeModel, ZERO_FEE_SCHEDULE } from '@polymancer/core';
import type { TickMarketData } from '../market-data/market-data.ts';
import { DEFAULT_NOT_FOUND_GRACE_MS, type LiveDeps } from './live-deps.ts';
import type { LiveOrderRecord } from './live-order.ts';
import { recordMatched, type RecordDeps, recordUnfilled } from './record-answer.ts';

export type ReconcileResult = 'matched' | 'not_found' | 'already_recorded' | 'unresolved';

export interface ReconcileDeps extends RecordDeps {
  readonly marketData: Pick<TickMarketData, 'getMarket'>;
}

/** The market's own fee model; if the market cannot be read, the prediction's fee rate scaled to the fill. */
async function liveFeeModel(deps: ReconcileDeps, order: LiveOrderRecord): Promise<FeeModel> {
  try {
    const market = await deps.marketData.getMarket(order.conditionId);
    return createFeeModel({ kind: 'polymarket' }, market.feeSchedule ?? ZERO_FEE_SCHEDULE);
  } catch {
    return {
      kind: 'predicted-rate',
      feeMicros: ({ notionalMicros }) =>
        order.predictedNotionalMicros === 0 ? 0 : Number((BigInt(order.predictedFeeMicros) * BigInt(notionalMicros)) / BigInt(order.predictedNotionalMicros)),
    };
  }
}

export async function reconcileOrder(deps: ReconcileDeps, live: LiveDeps, order: LiveOrderRecord, now: Date): Promise<ReconcileResult> {
  const account = await live.accounts.accountFor(order.userId);
  if (account === undefined) return 'unresolved';
  const lookup = await live.accounts.withSecrets(account, (secrets) => live.venue.lookup(account, secrets, order.orderHash, order.tokenId));
  if (lookup.kind === 'matched') {
    const recorded = await recordMatched(deps, order, lookup.fill, await liveFeeModel(deps, order), 'reconciliation', order.postAttempts, now);
    await live.risk?.settle(order.id, {
      filled: true,
      lossMicros: recorded.dayLossMicros ?? 0,
      ...(recorded.volumeMicros === null ? {} : { filledVolumeMicros: recorded.volumeMicros }),
    });
    return recorded.outcome === 'recorded' ? 'matched' : 'already_recorded';
  }
  if (lookup.kind === 'not_found') {
    const graceMs = live.notFoundGraceMs ?? DEFAULT_NOT_FOUND_GRACE_MS;
    if (now.getTime() - order.createdAt.getTime() < graceMs) return 'unresolved';
    const recorded = await recordUnfilled(
      deps,
      order,
      { status: 'not_found', code: 'live_order_not_found', reason: 'the exchange has no trace of this order: it was never filled, and it is not posted again' },
      'reconciliation',
      order.postAttempts,
      now,
    );
    await live.risk?.settle(order.id, { filled: false, lossMicros: 0 });
    return recorded === 'recorded' ? 'not_found' : 'already_recorded';
  }
  return 'unresolved';
}

/** How far back a matched order without settlement hashes is still asked about. */
export const HASH_BACKFILL_LOOKBACK_MS = 24 * 60 * 60_000;

/**
 * Matched orders whose post answer carried no settlement transaction hash (the official client waits a while for
 * them, then answers without): the exchange's trades for the order are asked for them, and once known they are
 * recorded on the order and its trade row, where the settlement monitor picks them up.
 */
export async function backfillSettlementHashes(live: LiveDeps, now: Date, limit = 100): Promise<{ readonly backfilled: number; readonly unknown: number }> {
  let backfilled = 0;
  let unknown = 0;
  for (const order of await live.orders.matchedWithoutHashes(new Date(now.getTime() - HASH_BACKFILL_LOOKBACK_MS), limit)) {
    try {
      const account = await live.accounts.accountFor(order.userId);
      const lookup = account === undefined ? undefined : await live.accounts.withSecrets(account, (secrets) => live.venue.lookup(account, secrets, order.orderHash, order.tokenId));
      const hashes = lookup?.kind === 'matched' ? lookup.fill.transactionHashes.filter((h) => h !== '') : [];
      if (hashes.length > 0 && (await live.orders.setTransactionHashes(order.id, hashes, now))) backfilled += 1;
      else unknown += 1;
    } catch {
      unknown += 1;
    }
  }
  return { backfilled, unknown };
}

/** The reconciliation job: every unreconciled order of every bot, oldest first. */
export async function reconcileLiveOrders(deps: ReconcileDeps, live: LiveDeps, now: Date, limit = 100): Promise<Record<ReconcileResult, number>> {
  const counts: Record<ReconcileResult, number> = { matched: 0, not_found: 0, already_recorded: 0, unresolved: 0 };
  for (const order of await live.orders.allUnreconciled(limit)) {
    try {
      counts[await reconcileOrder(deps, live, order, now)] += 1;
    } catch {
      counts.unresolved += 1;
    }
  }
  return counts;
}
