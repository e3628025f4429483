/**
 * Commits an exchange's answer to a live order, in its own transaction keyed `live-order:<id>` in
 * `bot_tick_runs`: whoever records first — the tick that posted, or reconciliation after a crash —
 * records it; any other attempt finds the key taken (or the order no longer unreconciled) and
 * changes nothing. So an order yields at most one trade-log row (also unique on bot, tick, market,
 * token). The fill changes the live bot's ledger (balance and positions) exactly as paper fills do.
 */
import { type Clock, dailyPnlMicros, type FeeModel, newId, recordRealized, rollDailyPnl } from '@polymancer/core';
import { TickLedger } from '../tick/ledger.ts';
import type { TickStore, TradeRecord } from '../tick/tick-store.ts';
import type { LiveOrderRecord } from './live-order.ts';
import { liveFill } from './live-fill.ts';
import type { VenueFill } from './ports.ts';

export type RecordOutcome = 'recorded' | 'already_recorded';

/** A recorded fill in the risk ledger's terms: what traded and the day's loss after it. */
export interface MatchedRecord {
  readonly outcome: RecordOutcome;
  /** BUY notional + fee, SELL notional; null when another recorder got there first. */
  readonly volumeMicros: number | null;
  /** Today's loss after the fill (positive = loss, gains count as 0); null as above. */
  readonly dayLossMicros: number | null;
  /** The fill as recorded (null when another recorder got there first). */
  readonly fill?: { readonly tradeId: string; readonly sharesMicros: number; readonly notionalMicros: number; readonly feeMicros: number; readonly averagePriceMicros: number; readonly realizedPnlMicros: number | null } | null;
}

const orderKey = (orderId: string) => `live-order:${orderId}`;

/**
 * `latencyMs`: from the order's commit (`submitting`, just before it left) to the exchange's answer to the post —
 * what the answer cost in time, as paper rows carry their simulated latency; none for an answer found by
 * reconciliation or an order never posted.
 */
function baseRow(order: LiveOrderRecord, now: Date, answered: { readonly settledBy: 'post' | 'reconciliation'; readonly attempts: number }): TradeRecord {
  return {
    id: newId('trade'),
    userId: order.userId,
    botId: order.botId,
    type: 'live',
    kind: order.purpose === 'liquidation' ? 'liquidation' : 'trade',
    status: 'rejected',
    side: order.side,
    marketId: order.conditionId,
    tokenId: order.tokenId,
    amountMicros: order.side === 'buy' ? order.makerAmountMicros : null,
    sharesMicros: order.side === 'sell' ? order.makerAmountMicros : null,
    decisionPriceMicros: order.decisionPriceMicros,
    executionPriceMicros: null,
    feeMicros: null,
    predictedSlippageBps: order.predictedSlippageBps,
    actualSlippageBps: null,
    marketImpactBps: null,
    feeModel: 'polymarket',
    orderId: order.orderHash,
    transactionHash: null,
    rejectionCode: null,
    rejectionReason: null,
    tickKey: order.tickKey,
    decisionId: order.decisionId,
    latencyMs: answered.settledBy === 'post' && answered.attempts > 0 ? Math.max(0, now.getTime() - order.createdAt.getTime()) : null,
    bookAgeMs: null,
    realizedPnlMicros: null,
    countsForUnlock: false,
    unlockExclusions: null,
    createdAt: now,
  };
}

export interface RecordDeps {
  readonly store: TickStore;
  readonly clock: Clock;
}

/** A matched FOK: the actual fill, fees and slippage; the ledger moves. */
export async function recordMatched(deps: RecordDeps, order: LiveOrderRecord, fill: VenueFill, feeModel: FeeModel, settledBy: 'post' | 'reconciliation', attempts: number, now: Date): Promise<MatchedRecord> {
  const none = { outcome: 'already_recorded', volumeMicros: null, dayLossMicros: null } as const;
  const outcome = await deps.store.transact(order.botId, orderKey(order.id), now, async (tx) => {
    const current = (await tx.unreconciledLiveOrders()).find((o) => o.id === order.id);
    if (current === undefined) {
      await tx.finish({ outcome: 'live_order_already_recorded', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
      return none;
    }
    const fresh = tx.state;
    const side = order.side === 'buy' ? 'BUY' : 'SELL';
    const actual = liveFill(side, fill, feeModel, order.bestPriceMicros);
    const ledger = new TickLedger(fresh.bot.paperBalanceMicros, fresh.positions);
    const equityBefore = ledger.valuation().equityMicros;
    let daily = rollDailyPnl(fresh.daily, now, equityBefore);
    const change = ledger.apply(order.tokenId, { conditionId: order.conditionId, outcome: order.outcome }, { side, sharesMicros: actual.sharesMicros, notionalMicros: actual.notionalMicros, feeMicros: actual.feeMicros });
    if (change.ok) daily = recordRealized(daily, now, change.value.realizedPnlMicros, equityBefore);
    const row: TradeRecord = {
      ...baseRow(order, now, { settledBy, attempts }),
      status: 'executed',
      amountMicros: actual.notionalMicros,
      sharesMicros: actual.sharesMicros,
      executionPriceMicros: actual.averagePriceMicros,
      feeMicros: actual.feeMicros,
      actualSlippageBps: actual.slippageBps,
      transactionHash: fill.transactionHashes[0] ?? null,
      realizedPnlMicros: change.ok ? change.value.realizedPnlMicros : null,
    };
    await tx.insertTrade(row);
    await tx.savePositions(ledger.changed(), now);
    await tx.updateBot({ paperBalanceMicros: ledger.balanceMicros, midpointHistory: fresh.midpointHistory, daily, firstPaperTradeAt: fresh.bot.firstPaperTradeAt, lastTickAt: fresh.bot.lastTickAt ?? now });
    await tx.updateLiveOrder(order.id, {
      status: 'matched',
      postAttempts: Math.max(attempts, current.postAttempts),
      filledSharesMicros: actual.sharesMicros,
      filledNotionalMicros: actual.notionalMicros,
      fillPriceMicros: actual.averagePriceMicros,
      feeMicros: actual.feeMicros,
      actualSlippageBps: actual.slippageBps,
      transactionHashes: fill.transactionHashes,
      exchangeTradeIds: fill.tradeIds,
      tradeLogId: row.id,
      settledBy,
      answeredAt: now,
      updatedAt: now,
    });
    await tx.audit({
      actorId: null,
      actorType: 'system',
      action: 'bot.live_order.matched',
      subjectType: 'bot',
      subjectId: order.botId,
      details: {
        orderId: order.id,
        orderHash: order.orderHash,
        tradeId: row.id,
        settledBy,
        sharesMicros: actual.sharesMicros,
        notionalMicros: actual.notionalMicros,
        feeMicros: actual.feeMicros,
        averagePriceMicros: actual.averagePriceMicros,
        predictedPriceMicros: order.predictedPriceMicros,
        actualSlippageBps: actual.slippageBps,
        predictedSlippageBps: order.predictedSlippageBps,
        ...(change.ok ? {} : { ledgerMismatch: change.error.code }),
      },
    });
    await tx.finish({ outcome: 'live_order_matched', trades: 1, rejections: 0, finishedAt: deps.clock.now() });
    return {
      outcome: 'recorded',
      volumeMicros: side === 'BUY' ? actual.notionalMicros + actual.feeMicros : actual.notionalMicros,
      dayLossMicros: Math.max(0, -dailyPnlMicros(daily, now, ledger.valuation().equityMicros)),
      fill: { tradeId: row.id, sharesMicros: actual.sharesMicros, notionalMicros: actual.notionalMicros, feeMicros: actual.feeMicros, averagePriceMicros: actual.averagePriceMicros, realizedPnlMicros: row.realizedPnlMicros },
    } satisfies MatchedRecord;
  });
  return outcome.applied ? outcome.value : none;
}

/**
 * An order the exchange refused (400, or 425/429 after every retry, or a 503 trading mode), or —
 * `notFound` — one reconciliation found no trace of after the grace period. A refusal writes a
 * rejected live trade-log row with the exchange's code and message; `not_found` writes none (no
 * trade happened, and the bot's decision stays linked to the order row).
 */
export async function recordUnfilled(
  deps: RecordDeps,
  order: LiveOrderRecord,
  answer: { readonly status: 'rejected' | 'not_found'; readonly code: string; readonly reason: string; readonly retryAfterMs?: number | undefined },
  settledBy: 'post' | 'reconciliation',
  attempts: number,
  now: Date,
): Promise<RecordOutcome> {
  const outcome = await deps.store.transact(order.botId, orderKey(order.id), now, async (tx) => {
    const current = (await tx.unreconciledLiveOrders()).find((o) => o.id === order.id);
    if (current === undefined) {
      await tx.finish({ outcome: 'live_order_already_recorded', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
      return 'already_recorded' as const;
    }
    let tradeLogId: string | null = null;
    if (answer.status === 'rejected') {
      const row: TradeRecord = { ...baseRow(order, now, { settledBy, attempts }), rejectionCode: answer.code, rejectionReason: answer.reason };
      tradeLogId = row.id;
      await tx.insertTrade(row);
    }
    await tx.updateLiveOrder(order.id, {
      status: answer.status,
      postAttempts: Math.max(attempts, current.postAttempts),
      rejectionCode: answer.code,
      rejectionReason: answer.reason,
      ...(answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs }),
      tradeLogId,
      settledBy,
      answeredAt: now,
      updatedAt: now,
    });
    await tx.audit({
      actorId: null,
      actorType: 'system',
      action: answer.status === 'rejected' ? 'bot.live_order.rejected' : 'bot.live_order.not_found',
      subjectType: 'bot',
      subjectId: order.botId,
      details: { orderId: order.id, orderHash: order.orderHash, code: answer.code, reason: answer.reason, settledBy, ...(tradeLogId === null ? {} : { tradeId: tradeLogId }) },
    });
    await tx.finish({ outcome: `live_order_${answer.status}`, trades: 0, rejections: answer.status === 'rejected' ? 1 : 0, finishedAt: deps.clock.now() });
    return 'recorded' as const;
  });
  return outcome.applied ? outcome.value : 'already_recorded';
}
