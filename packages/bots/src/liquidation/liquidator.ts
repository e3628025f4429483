/**
 * "Close all positions" (issue 20, Emergency): sell every open holding of one bot at market.
 *
 * Guarantees
 * - Each holding is priced by core `liquidationSale` on a fresh book: FOK when the bids cover it,
 *   otherwise the visible depth (FAK) with the rest reported as remaining — a thin book, no bids, a
 *   closed market or a refused order is a result on that holding, never an exception.
 * - Paper: every sale goes through the paper engine (`paperExecution`) in ONE transaction that takes
 *   the bot row lock the tick takes and re-reads the positions under it (a second liquidation, or a
 *   tick, sees what the first left). Keyed `liquidation:<id>` in `bot_tick_runs`: applied once.
 * - Live: each sale goes through the live order path unchanged — sign inside the signing scope →
 *   commit the `live_orders` row as `submitting` (purpose `liquidation`) under the bot row lock → post
 *   once (the same signed order again only after 425/429) → record the answer (`record-answer.ts`).
 *   An unreconciled order of the bot is reconciled first; if it stays unknown, or a sale's outcome
 *   becomes unknown, no further order is placed and the rest are reported as not sold.
 * - Sales are trade-log rows of kind `liquidation`: their realized P&L is the liquidation P&L, kept
 *   out of the trading P&L (`pnlSummary`) and out of unlock counts.
 *
 * Semantics
 * - The caller stops the bot first (the safety service emergency-stops it), so no tick races the
 *   sales; this module does not change the bot's status.
 * - Resolved markets are not sold: their positions are settled (paper) or redeemed (live).
 *
 * - The live path's fault points (`LiveDeps.faultHook`: after_sign, after_submitting, after_post,
 *   before_record) are the tick's: a crash at any of them leaves nothing or an unreconciled order that
 *   reconciliation settles — recorded as a `liquidation` trade, because the order row says so.
 *
 * - A run whose process dies midway keeps its row `running` until `recoverInterrupted` (the worker's
 *   `liquidation.recover` pass) closes it as `interrupted` with what it had recorded: each sale (trade
 *   rows keyed by the run), each live order still at the exchange, and every holding not tried — which
 *   is still held, for the owner to close again.
 *
 * - A live sale whose outcome is unknown is settled later by reconciliation (its trade row has kind
 *   `liquidation`); `settleAwaitedSales` (the same pass) then rewrites that holding's result in the run's
 *   row — sold, or refused — with the run's totals and status.
 *
 * Known limitations
 * - Live sales ignore the daily loss limit and rollout caps (a sale only reduces risk) but not an open
 *   circuit breaker: nothing is posted while one is open.
 * - Unlike a tick's order (post-halt.ts), a sale is not stopped by the bot's emergency stop (the caller
 *   sets it first, precisely so no tick races the sales) nor by the owner's trading freeze: a freeze
 *   stops a user's trading to contain risk, and closing positions only reduces it — an operator who
 *   froze an account must still be able to unwind it, and a frozen owner to get out.
 */
import { type Clock, createFeeModel, type FokFill, liquidationSale, type LiquidationSale, newId, rollDailyPnl, recordRealized, type OrderBook, ZERO_FEE_SCHEDULE } from '@polymancer/core';
import { paperExecution } from '../execution/paper-execution.ts';
import { isResolved, type MarketData, type MarketInfo } from '../market-data/market-data.ts';
import { feeModelFor } from '../tick/fee-model-for.ts';
import { TickLedger } from '../tick/ledger.ts';
import type { StoredPosition, TickBotState, TickStore, TradeRecord } from '../tick/tick-store.ts';
import type { LiveDeps } from '../live/live-deps.ts';
import type { LiveOrderRecord } from '../live/live-order.ts';
import { postWithRetries, userReason } from '../live/live-tick.ts';
import { recordMatched, recordUnfilled } from '../live/record-answer.ts';
import { submittingOrder } from '../live/submitting-order.ts';
import { reconcileOrder } from '../live/reconcile.ts';
import type { HoldingResult, LiquidationOrder, LiquidationRecord, LiquidationRequester, LiquidationStatus, LiquidationStore, RecordedLiquidationSale } from './liquidation.ts';

export interface LiquidatorDeps {
  readonly store: TickStore;
  readonly liquidations: LiquidationStore;
  /** Fresh books (not the tick cycle's cache): a liquidation sells into the book as it is now. */
  readonly marketData: Pick<MarketData, 'getMarket' | 'getBook'>;
  readonly clock: Clock;
  /** The live order path's ports; without them a live bot's holdings are reported `live_execution_unavailable`. */
  readonly live?: LiveDeps;
}

export interface LiquidationRequest {
  readonly botId: string;
  readonly requestedBy: LiquidationRequester;
  readonly reason: string;
}

type Priced = { readonly position: StoredPosition; readonly market: MarketInfo; readonly book: OrderBook } | { readonly position: StoredPosition; readonly code: string; readonly reason: string };

const openHoldings = (state: TickBotState) =>
  state.positions.filter((p) => p.sharesMicros > 0 && p.settledAt === null).sort((a, b) => (a.conditionId + a.tokenId < b.conditionId + b.tokenId ? -1 : 1));

function notSold(p: StoredPosition, code: string, reason: string, extra: Partial<HoldingResult> = {}): HoldingResult {
  return {
    conditionId: p.conditionId,
    tokenId: p.tokenId,
    outcome: p.outcome,
    status: 'not_sold',
    heldSharesMicros: p.sharesMicros,
    soldSharesMicros: 0,
    remainingSharesMicros: p.sharesMicros,
    proceedsMicros: 0,
    feeMicros: 0,
    averagePriceMicros: null,
    pnlMicros: 0,
    code,
    reason,
    tradeId: null,
    orderId: null,
    ...extra,
  };
}

function soldResult(p: StoredPosition, sale: Extract<LiquidationSale, { kind: 'full' | 'partial' }>, fill: { sharesMicros: number; notionalMicros: number; feeMicros: number; averagePriceMicros: number }, pnlMicros: number, ids: { tradeId: string | null; orderId: string | null }): HoldingResult {
  const remaining = p.sharesMicros - fill.sharesMicros;
  return {
    ...notSold(p, '', ''),
    status: sale.kind === 'partial' || remaining >= 10_000 ? 'partially_sold' : 'sold',
    soldSharesMicros: fill.sharesMicros,
    remainingSharesMicros: remaining,
    proceedsMicros: fill.notionalMicros - fill.feeMicros,
    feeMicros: fill.feeMicros,
    averagePriceMicros: fill.averagePriceMicros,
    pnlMicros,
    code: sale.kind === 'partial' ? 'book_too_thin' : null,
    reason: sale.kind === 'partial' ? 'the visible bids took only part of the holding; the rest is still held' : null,
    ...ids,
  };
}

/** Markets and fresh books of the holdings; what cannot be priced is a result already. */
async function priceHoldings(deps: LiquidatorDeps, holdings: readonly StoredPosition[]): Promise<Priced[]> {
  const priced: Priced[] = [];
  for (const position of holdings) {
    try {
      const market = await deps.marketData.getMarket(position.conditionId);
      if (isResolved(market)) {
        priced.push({ position, code: 'market_resolved', reason: 'the market has resolved: the position is settled at its payout, not sold' });
        continue;
      }
      if (market.closed || !market.acceptingOrders) {
        priced.push({ position, code: 'market_closed', reason: 'the market is not accepting orders' });
        continue;
      }
      priced.push({ position, market, book: await deps.marketData.getBook(position.tokenId) });
    } catch (e) {
      priced.push({ position, code: 'market_data_unavailable', reason: `the market or its book could not be read: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return priced;
}

function summarize(results: readonly HoldingResult[]): { status: LiquidationStatus; proceedsMicros: number; feesMicros: number; liquidationPnlMicros: number } {
  return {
    status: results.every((r) => r.status === 'sold') ? 'completed' : 'partial',
    proceedsMicros: results.reduce((s, r) => s + r.proceedsMicros, 0),
    feesMicros: results.reduce((s, r) => s + r.feeMicros, 0),
    liquidationPnlMicros: results.reduce((s, r) => s + r.pnlMicros, 0),
  };
}

export function createLiquidator(deps: LiquidatorDeps) {
  async function paper(run: LiquidationRecord, priced: readonly Priced[], now: Date): Promise<HoldingResult[]> {
    const byToken = new Map(priced.map((p) => [p.position.tokenId, p]));
    const tickKey = `liquidation:${run.id}`;
    const outcome = await deps.store.transact(run.botId, tickKey, now, async (tx) => {
      const fresh = tx.state;
      const ledger = new TickLedger(fresh.bot.paperBalanceMicros, fresh.positions);
      const equityBefore = ledger.valuation().equityMicros;
      let daily = rollDailyPnl(fresh.daily, now, equityBefore);
      const results: HoldingResult[] = [];
      for (const position of openHoldings(fresh)) {
        const p = byToken.get(position.tokenId);
        if (p === undefined) {
          results.push(notSold(position, 'market_data_unavailable', 'the holding appeared after the books were read; run the liquidation again'));
          continue;
        }
        if (!('book' in p)) {
          results.push(notSold(position, p.code, p.reason));
          continue;
        }
        const sale = liquidationSale(position, p.book, { feeModel: feeModelFor(fresh.bot.feeModel, p.market) });
        if (sale.kind === 'none') {
          results.push(notSold(position, sale.code, sale.reason));
          continue;
        }
        const executed = await paperExecution.execute({ botId: run.botId, userId: run.userId, conditionId: position.conditionId, tokenId: position.tokenId, simulatedFill: sale.fill, book: p.book, limitPriceMicros: sale.limitPriceMicros }, now);
        if (!executed.ok) {
          results.push(notSold(position, executed.error.code, executed.error.reason));
          continue;
        }
        const f = executed.value;
        const change = ledger.apply(position.tokenId, { conditionId: position.conditionId, outcome: position.outcome }, { side: 'SELL', sharesMicros: f.sharesMicros, notionalMicros: f.notionalMicros, feeMicros: f.feeMicros });
        if (!change.ok) {
          results.push(notSold(position, change.error.code, 'the sale does not fit the position as recorded'));
          continue;
        }
        daily = recordRealized(daily, now, change.value.realizedPnlMicros, equityBefore);
        ledger.mark(position.tokenId, sale.fill.bestPriceMicros);
        const row = tradeRow(run, position, sale.fill, 'paper', tickKey, change.value.realizedPnlMicros, feeModelFor(fresh.bot.feeModel, p.market).kind, now);
        await tx.insertTrade(row);
        results.push(soldResult(position, sale, f, change.value.realizedPnlMicros, { tradeId: row.id, orderId: null }));
      }
      const value = ledger.valuation();
      await tx.savePositions(ledger.changed(), now);
      await tx.updateBot({ paperBalanceMicros: ledger.balanceMicros, midpointHistory: fresh.midpointHistory, daily, firstPaperTradeAt: fresh.bot.firstPaperTradeAt, lastTickAt: fresh.bot.lastTickAt ?? now });
      await tx.insertSnapshot({ id: newId('pnlSnapshot'), botId: run.botId, at: now, balanceMicros: ledger.balanceMicros, ...value });
      await tx.finish({ outcome: 'liquidation', trades: results.filter((r) => r.soldSharesMicros > 0).length, rejections: 0, finishedAt: deps.clock.now() });
      return results;
    });
    // The key is this run's own: it cannot have been applied before.
    if (!outcome.applied) throw new Error(`liquidation ${run.id} was already applied`);
    return outcome.value;
  }

  async function live(run: LiquidationRecord, state: TickBotState, priced: readonly Priced[]): Promise<HoldingResult[]> {
    const liveDeps = deps.live;
    if (liveDeps === undefined) return priced.map((p) => notSold(p.position, 'live_execution_unavailable', 'live order execution is not configured in this process'));
    const recordDeps = { store: deps.store, clock: deps.clock };
    for (const order of await liveDeps.orders.unreconciled(run.botId)) await reconcileOrder({ ...recordDeps, marketData: deps.marketData }, liveDeps, order, deps.clock.now());
    if ((await liveDeps.orders.unreconciled(run.botId)).length > 0) return priced.map((p) => notSold(p.position, 'live_order_unreconciled', 'an earlier live order of this bot is not settled yet; nothing was sold'));
    const account = await liveDeps.accounts.accountFor(state.bot.userId);
    if (account === undefined) return priced.map((p) => notSold(p.position, 'live_credentials_missing', 'no valid trading credential: nothing was sold'));

    const results: HoldingResult[] = [];
    let stopped: { code: string; reason: string } | undefined;
    for (const [index, p] of priced.entries()) {
      const { position } = p;
      if (stopped !== undefined) {
        results.push(notSold(position, stopped.code, stopped.reason));
        continue;
      }
      if (!('book' in p)) {
        results.push(notSold(position, p.code, p.reason));
        continue;
      }
      const feeModel = createFeeModel({ kind: 'polymarket' }, p.market.feeSchedule ?? ZERO_FEE_SCHEDULE);
      const sale = liquidationSale(position, p.book, { feeModel });
      if (sale.kind === 'none') {
        results.push(notSold(position, sale.code, sale.reason));
        continue;
      }
      const spec = { tokenId: position.tokenId, side: 'SELL' as const, amountMicros: sale.sharesMicros, limitPriceMicros: sale.limitPriceMicros, tickSizeMicros: p.market.tickSizeMicros, exchange: p.market.exchange ?? ('ctf_v2' as const) };
      const signed = await liveDeps.accounts.withSecrets(account, (secrets) => liveDeps.venue.sign(account, secrets, spec));
      await liveDeps.faultHook?.('after_sign');
      const now = deps.clock.now();
      const key = `liquidation:${run.id}:${index}`;
      const order: LiveOrderRecord = submittingOrder({
        id: newId('order'),
        userId: run.userId,
        botId: run.botId,
        tickKey: key,
        decisionId: null,
        conditionId: position.conditionId,
        tokenId: position.tokenId,
        outcome: position.outcome,
        side: 'sell',
        purpose: 'liquidation',
        walletType: account.walletType,
        exchange: spec.exchange,
        signed,
        limitPriceMicros: sale.limitPriceMicros,
        decisionPriceMicros: sale.fill.bestPriceMicros,
        predicted: sale.fill,
        now,
      });
      // Committed as `submitting` under the bot row lock BEFORE it leaves the process.
      const committed = await deps.store.transact(run.botId, key, now, async (tx) => {
        if ((await tx.unreconciledLiveOrders()).length > 0) {
          await tx.finish({ outcome: 'live_order_unreconciled', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
          return false;
        }
        await tx.insertLiveOrder(order);
        await tx.audit({ actorId: null, actorType: 'system', action: 'bot.live_order.submitting', subjectType: 'bot', subjectId: run.botId, details: { orderId: order.id, orderHash: order.orderHash, purpose: 'liquidation', liquidationId: run.id, conditionId: order.conditionId, tokenId: order.tokenId, side: 'sell', exchange: order.exchange, walletType: order.walletType, makerAmountMicros: order.makerAmountMicros, takerAmountMicros: order.takerAmountMicros } });
        await tx.finish({ outcome: 'live_order_submitted', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
        return true;
      });
      if (!committed.applied || !committed.value) {
        stopped = { code: 'live_order_unreconciled', reason: 'another live order of this bot is not settled yet; nothing more was sold' };
        results.push(notSold(position, stopped.code, stopped.reason));
        continue;
      }
      await liveDeps.faultHook?.('after_submitting');
      const breaker = await liveDeps.breakers?.openBreaker();
      if (breaker !== undefined) {
        const reason = `live trading is paused: ${breaker.reason}. The order was not sent.`;
        await recordUnfilled(recordDeps, order, { status: 'rejected', code: 'circuit_breaker_open', reason }, 'post', 0, deps.clock.now());
        stopped = { code: 'circuit_breaker_open', reason };
        results.push(notSold(position, stopped.code, reason, { orderId: order.id }));
        continue;
      }
      const { answer, attempts } = await postWithRetries(liveDeps, account, signed);
      await liveDeps.faultHook?.('before_record');
      const after = deps.clock.now();
      switch (answer.kind) {
        case 'matched': {
          const recorded = await recordMatched(recordDeps, order, answer.fill, feeModel, 'post', attempts, after);
          const f = recorded.fill;
          if (f == null) {
            results.push(notSold(position, 'live_order_already_recorded', 'the answer was recorded by reconciliation', { orderId: order.id }));
            break;
          }
          results.push(soldResult(position, sale, f, f.realizedPnlMicros ?? 0, { tradeId: f.tradeId, orderId: order.id }));
          break;
        }
        case 'rejected':
        case 'unavailable': {
          const reason = userReason(answer);
          await recordUnfilled(recordDeps, order, { status: 'rejected', code: answer.code, reason }, 'post', attempts, after);
          results.push(notSold(position, answer.code, reason, { orderId: order.id }));
          break;
        }
        case 'unknown':
          await liveDeps.orders.markOutcomeUnknown(order.id, answer.reason, attempts, after);
          stopped = { code: 'live_order_unreconciled', reason: 'an earlier sale of this liquidation has no known outcome yet; nothing more was sold' };
          results.push(notSold(position, 'live_order_outcome_unknown', `the exchange's answer did not arrive (${answer.reason}); reconciliation will settle the order`, { orderId: order.id }));
          break;
      }
    }
    return results;
  }

  return {
    /**
     * Sells every open holding of the bot. The caller has stopped the bot. Returns the finished run
     * (undefined when there is no such bot).
     */
    async liquidate(request: LiquidationRequest): Promise<LiquidationRecord | undefined> {
      const state = await deps.store.load(request.botId);
      if (state === undefined || state.deleted) return undefined;
      const startedAt = deps.clock.now();
      const run: LiquidationRecord = {
        id: newId('liquidation'),
        botId: state.bot.id,
        userId: state.bot.userId,
        type: state.bot.type,
        requestedByType: request.requestedBy.type,
        requestedBy: request.requestedBy.id,
        reason: request.reason,
        status: 'running',
        results: [],
        proceedsMicros: 0,
        feesMicros: 0,
        liquidationPnlMicros: 0,
        startedAt,
        finishedAt: null,
      };
      await deps.liquidations.insert(run);
      const priced = await priceHoldings(deps, openHoldings(state));
      const results = state.bot.type === 'live' ? await live(run, state, priced) : await paper(run, priced, deps.clock.now());
      const finished = { ...summarize(results), results, finishedAt: deps.clock.now() };
      return (await deps.liquidations.finish(run.id, finished)) ?? { ...run, ...finished };
    },

    /**
     * Closes as `interrupted` every run still `running` that started before `startedBefore` (its process
     * died: a run takes seconds) with the results it had recorded. Returns the runs it closed.
     */
    async recoverInterrupted(startedBefore: Date, limit = 50): Promise<LiquidationRecord[]> {
      const closed: LiquidationRecord[] = [];
      for (const run of await deps.liquidations.staleRuns(startedBefore, limit)) {
        const state = await deps.store.load(run.botId);
        const recorded = await deps.liquidations.recordedBy(run);
        const results = interruptedResults(state?.positions ?? [], recorded.sales, recorded.orders);
        const finished = { ...summarize(results), status: 'interrupted' as const, results, finishedAt: deps.clock.now() };
        const row = await deps.liquidations.interrupt(run.id, finished);
        if (row !== undefined) closed.push(row);
      }
      return closed;
    },

    /**
     * Finished runs that reported a live sale as `live_order_outcome_unknown`: once reconciliation has
     * settled that order, the holding's result becomes what the exchange did (sold, or refused), and the
     * run's totals and status follow. Returns the runs it updated.
     */
    async settleAwaitedSales(limit = 50): Promise<LiquidationRecord[]> {
      const updated: LiquidationRecord[] = [];
      for (const run of await deps.liquidations.awaitingSales(limit)) {
        const recorded = await deps.liquidations.recordedBy(run);
        const results = run.results.map((r) => settledResult(r, recorded.sales, recorded.orders));
        if (results.every((r, i) => r === run.results[i])) continue;
        const totals = summarize(results);
        const row = await deps.liquidations.settle(run.id, { ...totals, status: run.status === 'interrupted' ? 'interrupted' : totals.status, results });
        if (row !== undefined) updated.push(row);
      }
      return updated;
    },

    list(botId: string, limit = 20): Promise<LiquidationRecord[]> {
      return deps.liquidations.listForBot(botId, limit);
    },
  };
}

export type Liquidator = ReturnType<typeof createLiquidator>;

/**
 * An interrupted run's result per holding, from what it recorded: the tokens it sold (its trade rows), those
 * whose live order is still at the exchange, and every other open holding (not tried before it stopped).
 */
function interruptedResults(positions: readonly StoredPosition[], sales: readonly RecordedLiquidationSale[], orders: readonly LiquidationOrder[]): HoldingResult[] {
  const open = new Map(positions.filter((p) => p.sharesMicros > 0 && p.settledAt === null).map((p) => [p.tokenId, p]));
  const known = new Map(positions.map((p) => [p.tokenId, p]));
  const tokens = [...new Set([...sales.map((s) => s.tokenId), ...orders.map((o) => o.tokenId), ...open.keys()])].sort();
  return tokens.map((tokenId) => {
    const position = known.get(tokenId);
    const remaining = open.get(tokenId)?.sharesMicros ?? 0;
    const sold = sales.filter((s) => s.tokenId === tokenId);
    const order = orders.filter((o) => o.tokenId === tokenId).at(-1);
    const soldShares = sold.reduce((n, s) => n + s.sharesMicros, 0);
    const base: HoldingResult = {
      conditionId: position?.conditionId ?? '',
      tokenId,
      outcome: position?.outcome ?? order?.outcome ?? '',
      status: 'not_sold',
      heldSharesMicros: soldShares + remaining,
      soldSharesMicros: 0,
      remainingSharesMicros: remaining,
      proceedsMicros: 0,
      feeMicros: 0,
      averagePriceMicros: null,
      pnlMicros: 0,
      code: 'liquidation_interrupted',
      reason: 'the run stopped before it tried this holding; it is still held: close all positions again to sell it',
      tradeId: null,
      orderId: order?.id ?? null,
    };
    if (soldShares > 0) {
      const notional = sold.reduce((n, s) => n + s.notionalMicros, 0);
      const fee = sold.reduce((n, s) => n + s.feeMicros, 0);
      const left = remaining >= 10_000;
      return {
        ...base,
        status: left ? 'partially_sold' : 'sold',
        soldSharesMicros: soldShares,
        proceedsMicros: notional - fee,
        feeMicros: fee,
        averagePriceMicros: Math.round((notional * 1_000_000) / soldShares),
        pnlMicros: sold.reduce((n, s) => n + s.realizedPnlMicros, 0),
        code: left ? 'liquidation_interrupted' : null,
        reason: left ? 'the run stopped before it finished; the rest is still held: close all positions again to sell it' : null,
        tradeId: sold.at(-1)!.tradeId,
      };
    }
    if (order !== undefined && (order.status === 'submitting' || order.status === 'outcome_unknown')) {
      return { ...base, code: 'live_order_outcome_unknown', reason: 'the run stopped while this sale was at the exchange; reconciliation settles the order, and the bot’s trades show the sale if it matched' };
    }
    if (order !== undefined && order.rejectionCode !== null) return { ...base, code: order.rejectionCode, reason: order.rejectionReason ?? 'the exchange did not fill the sale' };
    return base;
  });
}

/** A holding reported `live_order_outcome_unknown`, once its order is settled: sold, or refused; else as it was. */
function settledResult(r: HoldingResult, sales: readonly RecordedLiquidationSale[], orders: readonly LiquidationOrder[]): HoldingResult {
  if (r.code !== 'live_order_outcome_unknown' || r.orderId === null) return r;
  const order = orders.find((o) => o.id === r.orderId);
  if (order === undefined || order.status === 'submitting' || order.status === 'outcome_unknown') return r;
  const sale = order.tradeId === null ? undefined : sales.find((s) => s.tradeId === order.tradeId);
  if (sale === undefined) return { ...r, code: order.rejectionCode ?? 'not_filled', reason: order.rejectionReason ?? 'the exchange did not fill the sale' };
  const remaining = Math.max(0, r.heldSharesMicros - sale.sharesMicros);
  const left = remaining >= 10_000;
  return {
    ...r,
    status: left ? 'partially_sold' : 'sold',
    soldSharesMicros: sale.sharesMicros,
    remainingSharesMicros: remaining,
    proceedsMicros: sale.notionalMicros - sale.feeMicros,
    feeMicros: sale.feeMicros,
    averagePriceMicros: Math.round((sale.notionalMicros * 1_000_000) / sale.sharesMicros),
    pnlMicros: sale.realizedPnlMicros,
    code: left ? 'book_too_thin' : null,
    reason: left ? 'the sale filled only part of the holding; the rest is still held' : null,
    tradeId: sale.tradeId,
  };
}

function tradeRow(run: LiquidationRecord, p: StoredPosition, fill: FokFill, type: 'paper' | 'live', tickKey: string, realizedPnlMicros: number, feeModel: string, now: Date): TradeRecord {
  return {
    id: newId('trade'),
    userId: run.userId,
    botId: run.botId,
    type,
    kind: 'liquidation',
    status: 'executed',
    side: 'sell',
    marketId: p.conditionId,
    tokenId: p.tokenId,
    amountMicros: fill.notionalMicros,
    sharesMicros: fill.sharesMicros,
    decisionPriceMicros: fill.bestPriceMicros,
    executionPriceMicros: fill.averagePriceMicros,
    feeMicros: fill.feeMicros,
    predictedSlippageBps: fill.slippageBps,
    actualSlippageBps: fill.slippageBps,
    marketImpactBps: fill.marketImpactBps,
    feeModel,
    orderId: null,
    transactionHash: null,
    rejectionCode: null,
    rejectionReason: null,
    tickKey,
    decisionId: null,
    latencyMs: null,
    bookAgeMs: null,
    realizedPnlMicros,
    countsForUnlock: false,
    unlockExclusions: null,
    createdAt: now,
  };
}
