/**
 * The live tick (ARCHITECTURE.md "The live order path"; NautilusTrader's submitter / pending /
 * reconciliation split).
 *
 * Guarantees
 * - A live order never happens twice: it is signed, then committed as `submitting` (salt, hash,
 *   signed payload, the FOK simulation as the prediction) in the tick's transaction — which claims
 *   the tick key — BEFORE it leaves the process; it is posted outside any transaction; the answer
 *   is committed in its own transaction keyed by the order (record-answer.ts). A crash anywhere
 *   leaves either nothing (before the commit: the retried tick decides afresh) or an unreconciled
 *   order that only reconciliation settles by asking the exchange. Nothing is ever re-posted,
 *   except the same signed order after an answer that says it was refused before matching (425
 *   engine restarting, 429 rate limited) — the exchange also refuses a duplicate hash.
 * - From the moment the owner is frozen (`users.trading_frozen`, also set by direct SQL) or the bot is
 *   emergency-stopped, no order of theirs is posted: the tick's gate refuses before the commit, and the
 *   freeze, the stop and the breakers are read fresh right before each post of the committed order
 *   (post-halt.ts); a halted order is recorded rejected with that code, never posted.
 * - The FOK is signed at the strategy's limit narrowed to the price-movement band (core
 *   `liveOrderLimitPrice`: the worst predicted level moved by at most the bot's
 *   `maxPriceMovementBps`, default 1 %): a book that moved further against the bot before the order
 *   arrived kills it at the exchange, as the specification's "reject if price moved > 1 %" asks.
 * - A bot with an unreconciled order places no other: each tick first tries to reconcile it and
 *   otherwise holds (`live_order_unreconciled`); the transaction re-checks under the bot row lock,
 *   and a partial unique index allows one unreconciled order per bot.
 * - Decide and check as paper does (steps 1–5): the same plans, the same guards on the same
 *   ledger; the guards run before signing and again under the lock before the commit.
 *
 * Semantics
 * - At most one live order per tick: the first approved trade plan; later trade plans of the tick
 *   are recorded as rejected (`one_live_order_per_tick`). Holds, closed markets and resolved markets
 *   are recorded as paper records them.
 * - The bot's cash balance column is its live budget: fills move it and the positions exactly as
 *   paper fills do, with the exchange's actual fill, the market's fee per match and the actual
 *   slippage against the prediction's best price.
 * - 503 trading modes (cancel-only, post-only, disabled) and 425/429 after every retry are recorded
 *   as rejections with the exchange's code and a message for the owner. After a 503 or a 429 the bot
 *   holds — posts nothing — until the exchange's Retry-After (else a minute) has passed, and the
 *   owner is told once per episode of trading-mode refusals (exchange-hold.ts).
 * - The daily loss limit stops a live bot as it stops a paper one (tick/daily-loss-stop.ts): the
 *   tick whose valuation reaches the limit records the stop for the UTC day and tells the owner;
 *   until the next UTC day the strategy is not consulted and nothing is signed (risk-reducing sells
 *   only if the owner asked) — a raised or removed limit does not lift it. A fill's loss is seen
 *   by the next tick's valuation (the answer is recorded after the tick commits).
 *
 * Known limitations
 * - An order posted but delayed in the network past the grace period could be declared
 *   `not_found` and then match; the account's trades would show it and the ledger would not.
 * - Positions in resolved markets are not settled by the tick: the redemption job (redemption.ts)
 *   redeems them on chain and then credits the ledger with the proceeds.
 * - A tick whose PROCESS dies after its risk admission and before committing the order leaves that
 *   reservation in flight until the UTC day ends (the retried tick admits afresh); a tick that merely
 *   throws there (exchange unreachable for the closed-only check, a failed signature, the commit
 *   failing) releases it first.
 */
import { type Clock, createFeeModel, defaultGuards, err, type Guard, liveOrderLimitPrice, newId, type PreflightOrder, type PreflightResult, preflightBlockReason, rollDailyPnl, runGuards, dailyPnlMicros, ZERO_FEE_SCHEDULE } from '@polymancer/core';
import type { Execution } from '../execution/execution.ts';
import { type ApplyContext, type ApplyCounts, applyPlan, riskLimitsOf } from '../tick/apply-plan.ts';
import { dailyLossStopOf, decidesUnder, type DailyLossStopNotice, notifyDailyLossStop, recordDailyLossStop, tradesUnder } from '../tick/daily-loss-stop.ts';
import { gate } from '../tick/gate.ts';
import { TickLedger } from '../tick/ledger.ts';
import { appendMidpoints, midpointsNeeded } from '../tick/midpoints.ts';
import { type MarketPlan, type PlanDeps, planHeldMarket, planWatchedMarket, type TradePlan } from '../tick/plan-market.ts';
import type { BotAuditEvent } from '../ports.ts';
import type { DecisionRecord, TickBotState, TickStore, TradeRecord } from '../tick/tick-store.ts';
import type { TickMarketData } from '../market-data/market-data.ts';
import type { StrategySet } from '@polymancer/strategies';
import { DEFAULT_BACKOFF_MS, DEFAULT_MAX_POST_ATTEMPTS, type LiveDeps, MAX_RETRY_WAIT_MS } from './live-deps.ts';
import type { LiveOrderRecord } from './live-order.ts';
import { diagnoseOrder, lastRejectionOf, preflightDue, walletChecks } from './preflight.ts';
import type { LiveAccount, LiveOrderSpec, PostAnswer, SignedLiveOrder } from './ports.ts';
import { recordMatched, recordUnfilled } from './record-answer.ts';
import { submittingOrder } from './submitting-order.ts';
import type { TickNotifier } from '../tick/run-tick.ts';
import { reconcileOrder } from './reconcile.ts';
import { type PostHalt, type PostHaltCheck, tickPostHalt } from './post-halt.ts';
import { EXCHANGE_REFUSALS, exchangeHoldMs, exchangeHoldOf, opensExchangeEpisode } from './exchange-hold.ts';
import { paperLegRow, shadowPairRow, shadowPlans } from './shadow.ts';

export interface LiveTickDeps {
  readonly store: TickStore;
  readonly marketData: TickMarketData;
  readonly strategies: StrategySet;
  readonly clock: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly guards?: readonly Guard[];
  /** Tells the owner when pre-flight holds their bot (`bot.live_preflight_held`), once per distinct hold; absent = recorded only. */
  readonly notifier?: TickNotifier | undefined;
}

export type LiveTickResult =
  | { readonly status: 'skipped'; readonly code: string; readonly reason: string; readonly preflight?: PreflightResult }
  | { readonly status: 'duplicate' }
  | ({ readonly status: 'completed' } & ApplyCounts & {
      readonly balanceMicros: number;
      readonly equityMicros: number;
      readonly liveOrder?: { readonly id: string; readonly status: string; readonly code?: string | undefined };
      /** The daily loss limit has stopped this bot for the rest of the UTC day. */
      readonly dailyLossStopped?: boolean;
      /** Set on the tick whose loss reached the limit. */
      readonly newDailyLossStop?: DailyLossStopNotice;
      /** The diagnosis run after the exchange refused this tick's order. */
      readonly preflight?: PreflightResult;
    });

/** Second and later trade plans of a tick: the live path places one order per tick. */
const oneOrderPerTick: Execution = {
  mode: 'live',
  execute: async () => err({ code: 'one_live_order_per_tick', reason: 'a live bot places at most one order per tick' }),
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const UNREACHABLE_HOLD = 'an earlier live order of this bot is not settled yet (its outcome is being confirmed with the exchange); the bot places no other order until it is';

async function holdTick(deps: LiveTickDeps, state: TickBotState, tickKey: string, now: Date, code: string, reason: string, event?: BotAuditEvent): Promise<LiveTickResult> {
  const outcome = await deps.store.transact(state.bot.id, tickKey, now, async (tx) => {
    const blocked = gate(tx.state);
    if (blocked !== undefined && blocked.code !== 'live_execution_unavailable') {
      await tx.finish({ outcome: blocked.code, trades: 0, rejections: 0, finishedAt: deps.clock.now() });
      return { status: 'skipped' as const, ...blocked };
    }
    if (event !== undefined) await tx.audit(event);
    for (const market of tx.state.bot.markets) await tx.insertDecision(holdDecision(tx.state, tickKey, market.conditionId, code, reason, now));
    await tx.finish({ outcome: code, trades: 0, rejections: 0, finishedAt: deps.clock.now() });
    return { status: 'skipped' as const, code, reason };
  });
  return outcome.applied ? outcome.value : { status: 'duplicate' };
}

function holdDecision(state: TickBotState, tickKey: string, conditionId: string, code: string, reason: string, now: Date): DecisionRecord {
  return {
    id: newId('decision'),
    botId: state.bot.id,
    userId: state.bot.userId,
    tickKey,
    conditionId,
    strategyKind: state.bot.strategy.kind,
    kind: 'hold',
    holdCode: code,
    side: null,
    tokenId: null,
    amountMicros: null,
    sharesMicros: null,
    limitPriceMicros: null,
    reasoning: reason,
    confidencePerMille: null,
    inputTokens: null,
    outputTokens: null,
    costMicros: null,
    tradeLogId: null,
    createdAt: now,
  };
}

/** Paper's guards on the ledger as it stands: the same rules, the same context. */
function guardVerdict(guards: readonly Guard[], state: TickBotState, ledger: TickLedger, daily: ReturnType<typeof rollDailyPnl>, plan: TradePlan, now: Date) {
  if (!plan.simulation.ok) return { ok: false as const, code: plan.simulation.error.code, reason: plan.simulation.error.reason };
  const fill = plan.simulation.value;
  const verdict = runGuards(
    guards,
    {
      fill,
      limits: riskLimitsOf(state.bot),
      balanceMicros: ledger.balanceMicros,
      positionSharesMicros: ledger.position(plan.tokenId)?.sharesMicros ?? 0,
      marketCostBasisMicros: ledger.marketCostBasisMicros(plan.marketTokenIds),
      dailyPnl: { utcDay: daily.utcDay, pnlMicros: dailyPnlMicros(daily, now, ledger.valuation().equityMicros) },
      decisionPriceMicros: plan.decisionPriceMicros ?? fill.bestPriceMicros,
      executionPriceMicros: plan.executionReferencePriceMicros ?? fill.bestPriceMicros,
    },
    now,
  );
  return verdict.ok ? { ok: true as const } : { ok: false as const, code: verdict.code as string, reason: verdict.reason };
}

/** The FOK market order the approved simulation stands for: BUY spends its notional, SELL sells its shares. */
/** The FOK for a plan: the predicted amount, at the strategy's limit narrowed to the price-movement band (core `liveOrderLimitPrice`). */
function orderSpec(plan: TradePlan, market: { tickSizeMicros: number; exchange?: LiveOrderSpec['exchange'] | undefined }, maxPriceMovementBps: number): LiveOrderSpec {
  const fill = plan.simulation.ok ? plan.simulation.value : undefined;
  if (fill === undefined) throw new Error('no order for a rejected simulation');
  return {
    tokenId: plan.tokenId,
    side: plan.request.side,
    amountMicros: plan.request.side === 'BUY' ? fill.notionalMicros : fill.sharesMicros,
    limitPriceMicros: liveOrderLimitPrice({ side: plan.request.side, worstPriceMicros: fill.worstPriceMicros, strategyLimitMicros: plan.limitPriceMicros, maxPriceMovementBps, tickSizeMicros: market.tickSizeMicros }),
    tickSizeMicros: market.tickSizeMicros,
    exchange: market.exchange ?? 'ctf_v2',
  };
}

/** `deciding` false (the daily loss stop): the strategy is not consulted; held markets are still checked for resolution. */
async function planAll(deps: LiveTickDeps, state: TickBotState, now: Date, deciding: boolean): Promise<{ plans: MarketPlan[]; watched: Set<string> }> {
  const planDeps: PlanDeps = { marketData: deps.marketData, strategies: deps.strategies, sleep: deps.sleep ?? realSleep, clockNowMs: () => deps.clock.now().getTime() };
  const plans: MarketPlan[] = [];
  const watched = new Set<string>();
  const markets = deciding ? state.bot.markets : [];
  for (const market of markets) {
    for (const t of market.tokenIds) watched.add(t);
    plans.push(await planWatchedMarket(planDeps, state, market.conditionId, market.tokenIds, now));
  }
  const watchedMarkets = new Set(markets.map((m) => m.conditionId));
  const heldElsewhere = new Set(state.positions.filter((p) => p.sharesMicros > 0 && p.settledAt === null && !watchedMarkets.has(p.conditionId)).map((p) => p.conditionId));
  for (const conditionId of heldElsewhere) {
    const plan = await planHeldMarket(planDeps, conditionId);
    if (plan !== undefined) plans.push(plan);
  }
  return { plans, watched };
}

export async function runLiveTick(deps: LiveTickDeps, live: LiveDeps, state: TickBotState, tickKey: string, now: Date): Promise<LiveTickResult> {
  const { bot } = state;
  const fault = async (point: Parameters<NonNullable<LiveDeps['faultHook']>>[0]) => live.faultHook?.(point);

  // An order whose outcome is not known yet is settled first — by asking the exchange.
  for (const order of await live.orders.unreconciled(bot.id)) await reconcileOrder(deps, live, order, now);
  if ((await live.orders.unreconciled(bot.id)).length > 0) return holdTick(deps, state, tickKey, now, 'live_order_unreconciled', UNREACHABLE_HOLD);

  const account = await live.accounts.accountFor(bot.userId);
  if (account === undefined) return holdTick(deps, state, tickKey, now, 'live_credentials_missing', 'no valid trading credential: import one (wallet, API key) before this bot can trade live');
  // The exchange refused the last order for its trading mode or rate limit: nothing is posted until its wait has passed.
  const exchangeHold = exchangeHoldOf((await live.orders.listForBot(bot.id, 1))[0], now);
  if (exchangeHold !== undefined) return holdTick(deps, state, tickKey, now, exchangeHold.code, exchangeHold.reason);

  // The daily loss stop as loaded; re-read under the lock below.
  const stop = dailyLossStopOf(state, now);
  const planned = await planAll(deps, state, now, decidesUnder(stop));
  const decidedAt = deps.clock.now();
  // Shadow trading: the first trade plan goes live at the market's minimum size (every live check
  // judges that size); its full-size simulation on the same book is the paper leg (shadow.ts).
  const shadow = state.shadowMode === true ? shadowPlans(planned.plans, bot) : undefined;
  const plans = shadow?.plans ?? planned.plans;
  const watched = planned.watched;
  const guards = deps.guards ?? defaultGuards;
  const chosen = plans.find((p): p is Extract<MarketPlan, { kind: 'decided' }> & { trade: TradePlan } => p.kind === 'decided' && p.trade !== undefined && p.trade.simulation.ok && tradesUnder(stop, sideOf(p.trade)));

  // The order's id names its risk reservation, so whoever learns the outcome (this tick, or
  // reconciliation after a crash) settles the reservation under it.
  const orderId = newId('order');
  // Checked before signing on the state as loaded, and again under the lock before the commit.
  let signed: { readonly order: SignedLiveOrder; readonly spec: LiveOrderSpec } | undefined;
  let signedAt: Date | undefined;
  let refused: { readonly code: string; readonly reason: string } | undefined;
  let reservation: { readonly id: string; readonly observedLossMicros: number } | undefined;
  // A passing diagnosis is recorded with the order it let through (a blocking one with the hold).
  let preflightRecord: BotAuditEvent | undefined;
  const releaseReservation = async (filled: boolean, fill?: { readonly volumeMicros: number | null; readonly dayLossMicros: number | null }) => {
    if (reservation === undefined) return;
    const lossMicros = Math.max(reservation.observedLossMicros, fill?.dayLossMicros ?? 0);
    await live.risk?.settle(reservation.id, { filled, lossMicros, ...(fill?.volumeMicros == null ? {} : { filledVolumeMicros: fill.volumeMicros }) });
  };
  // Between the admission and the commit (the closed-only check, signing, the commit itself) a throw
  // would otherwise strand the reservation until the UTC day ends — no order names it, so no
  // reconciliation settles it — and its worst case would block the bot's buys meanwhile. So it is given
  // back, unless the order row exists (a commit whose acknowledgement was lost): reconciliation settles that one.
  const releasingOnThrow = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const committedOrder = reservation === undefined ? undefined : await live.orders.byId(orderId).catch(() => 'unknown' as const);
      if (committedOrder === undefined) await releaseReservation(false).catch(() => undefined);
      throw error;
    }
  };
  if (chosen !== undefined) {
    const ledger = new TickLedger(bot.paperBalanceMicros, state.positions);
    const daily = rollDailyPnl(state.daily, now, ledger.valuation().equityMicros);
    if (guardVerdict(guards, state, ledger, daily, chosen.trade, now).ok) {
      const fill = chosen.trade.simulation.ok ? chosen.trade.simulation.value : undefined;
      // Pre-flight before the bot's first live order and before any order after a refusal; the wallet's gas
      // and pUSD before every order. A blocking check holds the bot with the message: nothing is reserved or signed.
      const latest = fill === undefined ? undefined : (await live.orders.listForBot(bot.id, 1))[0];
      const full = fill !== undefined && preflightDue(latest);
      const preflight =
        fill === undefined
          ? undefined
          : full
            ? await diagnoseOrder(live, { account, market: chosen.market, order: preflightOrder(fill, chosen.trade.limitPriceMicros), lastRejectionCode: lastRejectionOf(latest, account) })
            : live.wallets === undefined
              ? undefined
              : await walletChecks(live, { account, market: chosen.market, order: preflightOrder(fill, chosen.trade.limitPriceMicros) });
      const trigger: PreflightTrigger = full ? (latest === undefined ? 'first_order' : 'after_rejection') : 'order';
      if (preflight !== undefined && account.walletType === 0) await noticeGas(deps, state, preflight);
      if (preflight !== undefined && !preflight.ok) {
        const held = await holdTick(deps, state, tickKey, now, 'live_preflight_blocked', preflightBlockReason(preflight), preflightAudit(bot.id, trigger, preflight, chosen.conditionId));
        if (held.status !== 'skipped' || held.code !== 'live_preflight_blocked') return held;
        await noticeHold(deps, state, latest, preflight, chosen.conditionId);
        return { ...held, preflight };
      }
      if (preflight !== undefined && (full || preflight.checks.some((c) => c.status === 'warn'))) preflightRecord = preflightAudit(bot.id, trigger, preflight, chosen.conditionId);
      // Live risk admission (rollout caps, new-user volume, daily loss counting orders in flight).
      const observedLossMicros = Math.max(0, -dailyPnlMicros(daily, now, ledger.valuation().equityMicros));
      const admitted =
        live.risk === undefined || fill === undefined
          ? undefined
          : await live.risk.admit({
              reservationId: orderId,
              botId: bot.id,
              userId: bot.userId,
              side: fill.side,
              tradeSizeMicros: fill.side === 'BUY' ? fill.notionalMicros + fill.feeMicros : fill.notionalMicros,
              dailyLossLimitMicros: bot.risk.dailyLossLimitMicros,
              observedLossMicros,
            });
      // Held from here until the order's outcome is known; every path that commits no order releases it.
      if (admitted?.ok === true) reservation = { id: admitted.reservationId, observedLossMicros };
      // A closed-only account may only reduce positions: its BUYs are not even signed.
      const closedOnly = fill?.side === 'BUY' && !full && live.venue.closedOnly !== undefined ? await releasingOnThrow(() => live.accounts.withSecrets(account, (secrets) => live.venue.closedOnly?.(account, secrets) ?? Promise.resolve(false))) : false;
      if (closedOnly) refused = { code: 'account_closed_only', reason: 'Your Polymarket account is in closed-only mode: it may only close positions, so the bot only sells until Polymarket lifts the restriction.' };
      else if (admitted !== undefined && !admitted.ok) refused = { code: admitted.code, reason: admitted.reason };
      else {
        const spec = orderSpec(chosen.trade, chosen.market, bot.risk.maxPriceMovementBps);
        const order = await releasingOnThrow(() => live.accounts.withSecrets(account, (secrets) => live.venue.sign(account, secrets, spec)));
        signed = { order, spec };
        await releasingOnThrow(() => fault('after_sign'));
        signedAt = deps.clock.now();
      }
    }
  }

  const committed = await releasingOnThrow(() => deps.store.transact(bot.id, tickKey, now, async (tx) => {
    const fresh = tx.state;
    const blocked = gate(fresh);
    if (blocked !== undefined && blocked.code !== 'live_execution_unavailable') {
      await tx.finish({ outcome: blocked.code, trades: 0, rejections: 0, finishedAt: deps.clock.now() });
      return { status: 'skipped' as const, ...blocked };
    }
    if ((await tx.unreconciledLiveOrders()).length > 0) {
      for (const market of fresh.bot.markets) await tx.insertDecision(holdDecision(fresh, tickKey, market.conditionId, 'live_order_unreconciled', UNREACHABLE_HOLD, now));
      await tx.finish({ outcome: 'live_order_unreconciled', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
      return { status: 'skipped' as const, code: 'live_order_unreconciled', reason: UNREACHABLE_HOLD };
    }
    const ledger = new TickLedger(fresh.bot.paperBalanceMicros, fresh.positions);
    const counts: ApplyCounts = { trades: 0, rejections: 0, holds: 0, settlements: 0 };
    const c: ApplyContext = {
      tx,
      bot: fresh.bot,
      tickKey,
      ledger,
      execution: oneOrderPerTick,
      guards,
      now,
      realMoneyDeployment: true,
      daily: rollDailyPnl(fresh.daily, now, ledger.valuation().equityMicros),
      firstPaperTradeAt: fresh.bot.firstPaperTradeAt,
      dailyLossStop: dailyLossStopOf(fresh, now),
    };
    const mids = new Map<string, number>();
    let submitted: LiveOrderRecord | undefined;
    let shadowPaired = false;
    for (const plan of plans) {
      if (plan.kind === 'decided') for (const [token, mid] of plan.mids) mids.set(token, mid);
      // A resolved market's positions are credited when the wallet redeems them on chain (redemption.ts):
      // the live balance never counts pUSD the wallet does not hold yet.
      if (plan.kind === 'resolved') continue;
      // A stop recorded since the decision holds the signed order too: it is never committed nor posted.
      if (plan !== chosen || (signed === undefined && refused === undefined) || chosen.trade === undefined || !tradesUnder(c.dailyLossStop, sideOf(chosen.trade))) {
        await applyPlan(c, plan, counts);
        continue;
      }
      for (const [token, mid] of chosen.mids) ledger.mark(token, mid);
      const trade = chosen.trade;
      const decision = plan.decision;
      const decisionId = newId('decision');
      const verdict = refused === undefined ? guardVerdict(guards, fresh, ledger, c.daily, trade, now) : { ok: false as const, ...refused };
      if (!verdict.ok || signed === undefined) {
        if (verdict.ok) continue;
        // The account changed between the decision and the lock: record the rejection as paper does.
        counts.rejections += 1;
        const row = rejectedRow(fresh, tickKey, plan.conditionId, trade, decisionId, verdict.code, verdict.reason, now);
        await tx.insertTrade(row);
        await tx.insertDecision({ ...tradeDecision(fresh, tickKey, plan, decisionId, now), tradeLogId: row.id });
        await tx.audit({ actorId: null, actorType: 'system', action: 'bot.trade.rejected', subjectType: 'bot', subjectId: fresh.bot.id, details: { tradeId: row.id, tickKey, conditionId: plan.conditionId, tokenId: trade.tokenId, code: verdict.code, reason: verdict.reason, type: 'live' } });
        continue;
      }
      const fill = trade.simulation.ok ? trade.simulation.value : undefined;
      if (fill === undefined || decision.kind !== 'trade') continue;
      submitted = submittingOrder({
        id: orderId,
        userId: fresh.bot.userId,
        botId: fresh.bot.id,
        tickKey,
        decisionId,
        conditionId: plan.conditionId,
        tokenId: trade.tokenId,
        outcome: trade.outcome,
        side: trade.request.side === 'BUY' ? 'buy' : 'sell',
        walletType: account.walletType,
        exchange: signed.spec.exchange,
        signed: signed.order,
        limitPriceMicros: signed.spec.limitPriceMicros,
        decisionPriceMicros: trade.decisionPriceMicros,
        predicted: fill,
        now,
      });
      await tx.insertLiveOrder(submitted);
      let shadowDetails: Record<string, unknown> = {};
      if (shadow?.paper !== undefined) {
        const paperRow = paperLegRow(fresh.bot, tickKey, plan.conditionId, shadow.paper, decisionId, now);
        await tx.insertTrade(paperRow);
        await tx.insertShadowPair(shadowPairRow({ liveOrderId: submitted.id, bot: fresh.bot, tickKey, conditionId: plan.conditionId, decisionId, paper: shadow.paper, paperRow, live: fill, decidedAt, signedAt: signedAt ?? decidedAt, now }));
        shadowPaired = true;
        shadowDetails = { shadow: { paperTradeId: paperRow.id, paperStatus: paperRow.status, paperAmountMicros: paperRow.amountMicros, paperSharesMicros: paperRow.sharesMicros } };
      }
      if (preflightRecord !== undefined) await tx.audit({ ...preflightRecord, details: { ...preflightRecord.details, orderId: submitted.id } });
      await tx.insertDecision(tradeDecision(fresh, tickKey, plan, decisionId, now));
      await tx.audit({ actorId: null, actorType: 'system', action: 'bot.live_order.submitting', subjectType: 'bot', subjectId: fresh.bot.id, details: { orderId: submitted.id, orderHash: submitted.orderHash, tickKey, conditionId: plan.conditionId, tokenId: trade.tokenId, side: submitted.side, exchange: submitted.exchange, walletType: submitted.walletType, makerAmountMicros: submitted.makerAmountMicros, takerAmountMicros: submitted.takerAmountMicros, ...shadowDetails } });
    }
    const value = ledger.valuation();
    const newStop = await recordDailyLossStop(tx, { bot: fresh.bot, tickKey, inForce: c.dailyLossStop }, c.daily, now, value.equityMicros);
    await tx.savePositions(ledger.changed(), now);
    await tx.updateBot({
      paperBalanceMicros: ledger.balanceMicros,
      midpointHistory: appendMidpoints(fresh.midpointHistory, mids, now.getTime(), midpointsNeeded(fresh.bot.strategy), watched),
      daily: c.daily,
      firstPaperTradeAt: fresh.bot.firstPaperTradeAt,
      lastTickAt: now,
      ...(newStop === undefined ? {} : { dailyLossStoppedDay: newStop.utcDay }),
    });
    await tx.insertSnapshot({ id: newId('pnlSnapshot'), botId: fresh.bot.id, at: now, balanceMicros: ledger.balanceMicros, ...value });
    const stopped = c.dailyLossStop !== undefined || newStop !== undefined;
    await tx.finish({ outcome: submitted !== undefined ? 'live_order_submitted' : stopped ? 'daily_loss_stopped' : 'completed', trades: counts.trades, rejections: counts.rejections, finishedAt: deps.clock.now() });
    return {
      status: 'completed' as const,
      ...counts,
      balanceMicros: ledger.balanceMicros,
      equityMicros: value.equityMicros,
      ...(stopped ? { dailyLossStopped: true } : {}),
      ...(newStop === undefined ? {} : { newDailyLossStop: newStop }),
      submitted,
      market: chosen?.market,
      shadowPaired,
    };
  }));
  if (!committed.applied) {
    await releaseReservation(false);
    return { status: 'duplicate' };
  }
  const result = committed.value;
  if (result.status !== 'completed') {
    await releaseReservation(false);
    return result;
  }
  const { submitted, market, shadowPaired, ...counts } = result;
  await notifyDailyLossStop(deps.notifier, bot, counts.newDailyLossStop);
  if (submitted === undefined || signed === undefined || market === undefined) {
    await releaseReservation(false);
    return counts;
  }
  await fault('after_submitting');
  const recordDeps = { store: deps.store, clock: deps.clock };

  // Right before each post (the first and every retry): an open breaker, the bot's emergency stop or the
  // owner's freeze (read fresh) and the order does not leave — it is refused, never posted again.
  const posted = await postWithRetries(live, account, signed.order, tickPostHalt(deps.store, live.breakers, bot.id));
  if ('halted' in posted) {
    await recordUnfilled(recordDeps, submitted, { status: 'rejected', code: posted.halted.code, reason: posted.halted.reason }, 'post', posted.attempts, deps.clock.now());
    await releaseReservation(false);
    return { ...counts, rejections: counts.rejections + 1, liveOrder: { id: submitted.id, status: 'rejected', code: posted.halted.code } };
  }
  const { answer, attempts } = posted;
  await fault('before_record');
  const after = deps.clock.now();
  // The shadow pair's post latency: the exchange answered (reconciliation learns no latency).
  if (shadowPaired && answer.kind !== 'unknown') await live.orders.shadowAnswered(submitted.id, after);
  if (answer.kind === 'unknown' || answer.kind === 'unavailable') await live.breakers?.recordBotFailure(bot.id, answer.kind === 'unknown' ? 'live_order_outcome_unknown' : answer.code);
  switch (answer.kind) {
    case 'matched': {
      const feeModel = createFeeModel({ kind: 'polymarket' }, market.feeSchedule ?? ZERO_FEE_SCHEDULE);
      const recorded = await recordMatched(recordDeps, submitted, answer.fill, feeModel, 'post', attempts, after);
      await releaseReservation(true, recorded);
      return { ...counts, trades: counts.trades + 1, liveOrder: { id: submitted.id, status: 'matched' } };
    }
    case 'rejected':
    case 'unavailable': {
      await recordUnfilled(recordDeps, submitted, { status: 'rejected', code: answer.code, reason: userReason(answer), ...(answer.kind === 'unavailable' ? { retryAfterMs: answer.retryAfterMs } : {}) }, 'post', attempts, after);
      await releaseReservation(false);
      if (answer.kind === 'unavailable') await noticeExchangeHold(deps, live, state, submitted, answer, after);
      // After any refusal, the diagnosis at once: recorded for the owner; the next order waits for it to pass.
      const preflight = await diagnoseOrder(live, { account, market, order: { side: signed.spec.side, amountMicros: signed.spec.amountMicros, costMicros: submitted.side === 'buy' ? submitted.predictedNotionalMicros + submitted.predictedFeeMicros : 0, limitPriceMicros: submitted.limitPriceMicros }, lastRejectionCode: answer.code });
      await recordDiagnosis(deps, submitted, preflight);
      return { ...counts, rejections: counts.rejections + 1, liveOrder: { id: submitted.id, status: 'rejected', code: answer.code }, preflight };
    }
    case 'unknown':
      // The reservation stays in flight (its worst case still counts) until reconciliation knows
      // (reconcile.ts settles it under the order's id).
      await live.orders.markOutcomeUnknown(submitted.id, answer.reason, attempts, after);
      return { ...counts, liveOrder: { id: submitted.id, status: 'outcome_unknown' } };
  }
}

const sideOf = (trade: TradePlan): 'buy' | 'sell' => (trade.request.side === 'BUY' ? 'buy' : 'sell');

/** What pre-flight judges of the FOK about to be signed: BUY spends its notional (+ fee), SELL sells its shares. */
function preflightOrder(fill: { readonly side: 'BUY' | 'SELL'; readonly notionalMicros: number; readonly feeMicros: number; readonly sharesMicros: number }, limitPriceMicros: number): PreflightOrder {
  return fill.side === 'BUY'
    ? { side: 'BUY', amountMicros: fill.notionalMicros, costMicros: fill.notionalMicros + fill.feeMicros, limitPriceMicros }
    : { side: 'SELL', amountMicros: fill.sharesMicros, costMicros: 0, limitPriceMicros };
}

type PreflightTrigger = 'first_order' | 'after_rejection' | 'order';

function preflightAudit(botId: string, trigger: PreflightTrigger, result: PreflightResult, conditionId: string, orderId?: string): BotAuditEvent {
  return {
    actorId: null,
    actorType: 'system',
    action: result.ok ? 'bot.live_preflight.passed' : 'bot.live_preflight.blocked',
    subjectType: 'bot',
    subjectId: botId,
    details: {
      trigger,
      conditionId,
      ...(orderId === undefined ? {} : { orderId }),
      checks: result.checks.filter((c) => c.status !== 'ok').map((c) => ({ id: c.id, status: c.status, message: c.message, fix: c.fix })),
    },
  };
}

/**
 * Tells the owner that pre-flight holds their bot, with each blocking check's message and fix — once
 * per distinct hold: the notice claims its own keyed run, `live-preflight-notice:<last order>:<blocking
 * check ids>`, so the ticks that keep holding for the same checks (whatever the amounts in the
 * message) notify no more, a different set of blocking checks notifies again, and so does the same
 * set once an order went through in between. At most once: the claim commits before the notification
 * is written, and a failing notifier never fails the tick.
 */
async function noticeHold(deps: LiveTickDeps, state: TickBotState, latest: LiveOrderRecord | undefined, result: PreflightResult, conditionId: string): Promise<void> {
  if (deps.notifier === undefined) return;
  const blocking = result.checks.filter((c) => c.status === 'block');
  const key = `live-preflight-notice:${latest?.id ?? 'none'}:${blocking.map((c) => c.id).sort().join(',')}`;
  const claimed = await deps.store.transact(state.bot.id, key, deps.clock.now(), async (tx) => {
    await tx.finish({ outcome: 'live_preflight_notified', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
  });
  if (!claimed.applied) return;
  await deps.notifier
    .notify(state.bot.userId, 'bot.live_preflight_held', { botId: state.bot.id, botName: state.bot.name, conditionId, checks: blocking.map((c) => ({ id: c.id, message: c.message, fix: c.fix })) })
    .catch(() => undefined);
}

/**
 * Tells the owner of an EOA (the one wallet type that pays its gas) once per low-gas episode that it holds under 0.1 POL
 * (`bot.live_gas_low`; the spec's "alert user if low"): orders still go out — under 0.01 POL the
 * pre-flight holds the bot and says so itself. An episode is numbered by how many times gas came
 * back: its notice claims `live-gas-notice:<n>`, and the first check at or above 0.1 POL after that
 * notice claims `live-gas-rearmed:<n>`, so the next drop is episode n + 1 and is told again. At most
 * once, as for the hold notice: the claim commits before the notification is written, and a failing
 * notifier never fails the tick. Only a measured balance counts: "not checked" neither notifies nor re-arms.
 * Known limitation: finding n reads one claim per past episode (episodes are rare).
 */
async function noticeGas(deps: LiveTickDeps, state: TickBotState, result: PreflightResult): Promise<void> {
  if (deps.notifier === undefined) return;
  const gasCheck = result.checks.find((c) => c.id === 'gas');
  if (gasCheck === undefined) return;
  const low = gasCheck.status === 'warn' && gasCheck.fix !== null;
  if (!low && gasCheck.status !== 'ok') return;
  const botId = state.bot.id;
  const claimed = async (key: string) => (await deps.store.load(botId, key))?.alreadyRun === true;
  let episode = 0;
  while (await claimed(`live-gas-rearmed:${episode}`)) episode += 1;
  const noticeKey = `live-gas-notice:${episode}`;
  if (!low) {
    if (await claimed(noticeKey)) {
      await deps.store.transact(botId, `live-gas-rearmed:${episode}`, deps.clock.now(), async (tx) => {
        await tx.finish({ outcome: 'live_gas_rearmed', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
      });
    }
    return;
  }
  const notice = await deps.store.transact(botId, noticeKey, deps.clock.now(), async (tx) => {
    await tx.finish({ outcome: 'live_gas_low_notified', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
  });
  if (!notice.applied) return;
  await deps.notifier.notify(state.bot.userId, 'bot.live_gas_low', { botId, botName: state.bot.name, message: gasCheck.message, fix: gasCheck.fix }).catch(() => undefined);
}

/**
 * Tells the owner that the exchange's trading mode holds their bot (`bot.live_exchange_held`), once
 * per episode: when the bot's order before this one was not refused for a trading mode
 * (exchange-hold.ts). At most once: the claim `live-exchange-notice:<order>` commits before the
 * notification is written; a failing notifier never fails the tick.
 */
async function noticeExchangeHold(deps: LiveTickDeps, live: LiveDeps, state: TickBotState, order: LiveOrderRecord, answer: Extract<PostAnswer, { kind: 'unavailable' }>, at: Date): Promise<void> {
  if (deps.notifier === undefined) return;
  const previous = (await live.orders.listForBot(state.bot.id, 2)).find((o) => o.id !== order.id);
  if (!opensExchangeEpisode(answer.code, previous)) return;
  const claimed = await deps.store.transact(state.bot.id, `live-exchange-notice:${order.id}`, deps.clock.now(), async (tx) => {
    await tx.finish({ outcome: 'live_exchange_hold_notified', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
  });
  if (!claimed.applied) return;
  const retryAt = new Date(at.getTime() + exchangeHoldMs(answer.retryAfterMs)).toISOString();
  await deps.notifier
    .notify(state.bot.userId, 'bot.live_exchange_held', { botId: state.bot.id, botName: state.bot.name, code: answer.code, message: EXCHANGE_REFUSALS[answer.code] ?? answer.reason, retryAt })
    .catch(() => undefined);
}

/** The diagnosis after a refusal, in its own transaction keyed by the order (recorded once). */
async function recordDiagnosis(deps: LiveTickDeps, order: LiveOrderRecord, result: PreflightResult): Promise<void> {
  await deps.store.transact(order.botId, `live-preflight:${order.id}`, deps.clock.now(), async (tx) => {
    await tx.audit(preflightAudit(order.botId, 'after_rejection', result, order.conditionId, order.id));
    await tx.finish({ outcome: result.ok ? 'live_preflight_passed' : 'live_preflight_blocked', trades: 0, rejections: 0, finishedAt: deps.clock.now() });
  });
}

/** The fix named with the exchange's message for the refusals real users hit most (ACCOUNTS.md §3). */
const REJECTION_FIXES: Readonly<Record<string, string>> = {
  deposit_wallet_required: 'this Polymarket account must trade through its deposit wallet: import the credential again with wallet type 3 (deposit wallet) and the deposit wallet as funder',
  maker_not_allowed: 'the funder is not a wallet the signing key controls: check the wallet type and funder address of the credential',
  api_key_address_mismatch: 'the API key belongs to another address: derive the API key with the signing key of this credential',
  insufficient_balance_or_allowance: 'the trading wallet lacks pUSD or its allowance to this market’s exchange: deposit pUSD and approve the exchange',
  account_closed_only: 'the account may only close positions: the bot only sells until Polymarket lifts the restriction',
  invalid_amount_precision: 'the order size is not expressible at the market’s precision',
};

/** What the owner reads for a refusal. */
export function userReason(answer: Extract<PostAnswer, { kind: 'rejected' | 'unavailable' }>): string {
  if (answer.kind === 'rejected') {
    const fix = REJECTION_FIXES[answer.code];
    return fix === undefined ? answer.reason : `${answer.reason} — ${fix}`;
  }
  if (answer.code === 'exchange_restarting') return 'Polymarket’s matching engine kept restarting (425) through every retry. The bot tries again on its next tick.';
  const waitSecs = Math.ceil(exchangeHoldMs(answer.retryAfterMs) / 1000);
  return `${EXCHANGE_REFUSALS[answer.code] ?? answer.reason} The bot holds: it places no order for ${waitSecs} s${answer.retryAfterMs === undefined ? '' : ' (as long as Polymarket asked)'}, then tries again.`;
}

export interface PostedOrder {
  readonly answer: PostAnswer;
  readonly attempts: number;
}

/** `halt` stopped the order before a post: `attempts` posts went out (each refused before matching: 425 / 429). */
export interface HaltedOrder {
  readonly halted: PostHalt;
  readonly attempts: number;
}

/**
 * Posts once; after 425 / 429 waits (Retry-After up to `MAX_RETRY_WAIT_MS`, else exponential backoff) and posts the SAME signed order again.
 * `halt`, when given, is asked right before every post; if it names a reason, nothing more is posted.
 */
export function postWithRetries(live: LiveDeps, account: LiveAccount, order: SignedLiveOrder): Promise<PostedOrder>;
export function postWithRetries(live: LiveDeps, account: LiveAccount, order: SignedLiveOrder, halt: PostHaltCheck): Promise<PostedOrder | HaltedOrder>;
export async function postWithRetries(live: LiveDeps, account: LiveAccount, order: SignedLiveOrder, halt?: PostHaltCheck): Promise<PostedOrder | HaltedOrder> {
  const maxAttempts = live.maxPostAttempts ?? DEFAULT_MAX_POST_ATTEMPTS;
  const backoffMs = live.backoffMs ?? DEFAULT_BACKOFF_MS;
  const sleep = live.sleep ?? realSleep;
  for (let attempts = 1; ; attempts += 1) {
    const halted = await halt?.();
    if (halted !== undefined) return { halted, attempts: attempts - 1 };
    const answer = await live.accounts.withSecrets(account, (secrets) => live.venue.post(account, secrets, order));
    await live.faultHook?.('after_post');
    await live.breakers?.recordExchangeCall({ status: answer.httpStatus ?? null, ...(answer.kind === 'matched' ? {} : { code: answer.kind === 'unknown' ? 'no_answer' : answer.code }) });
    if (answer.kind !== 'unavailable' || !answer.retryable || attempts >= maxAttempts) return { answer, attempts };
    // A longer wait than a tick should spend is not waited here: the answer stands (the bot holds).
    if (answer.retryAfterMs !== undefined && answer.retryAfterMs > MAX_RETRY_WAIT_MS) return { answer, attempts };
    await sleep(answer.retryAfterMs ?? backoffMs * 2 ** (attempts - 1));
  }
}

function tradeDecision(state: TickBotState, tickKey: string, plan: Extract<MarketPlan, { kind: 'decided' }>, id: string, now: Date): DecisionRecord {
  const d = plan.decision;
  return {
    ...holdDecision(state, tickKey, plan.conditionId, '', d.reasoning, now),
    id,
    kind: 'trade',
    holdCode: null,
    side: d.kind === 'trade' ? d.side : null,
    tokenId: d.kind === 'trade' ? d.tokenId : null,
    amountMicros: d.kind === 'trade' && d.side === 'buy' ? d.amountMicros : null,
    sharesMicros: d.kind === 'trade' && d.side === 'sell' ? d.sharesMicros : null,
    limitPriceMicros: d.kind === 'trade' ? d.limitPriceMicros : null,
    confidencePerMille: d.kind === 'trade' ? d.confidencePerMille : null,
    inputTokens: d.usage?.inputTokens ?? null,
    outputTokens: d.usage?.outputTokens ?? null,
    costMicros: d.usage?.costMicros ?? null,
  };
}

function rejectedRow(state: TickBotState, tickKey: string, conditionId: string, plan: TradePlan, decisionId: string, code: string, reason: string, now: Date): TradeRecord {
  const fill = plan.simulation.ok ? plan.simulation.value : undefined;
  return {
    id: newId('trade'),
    userId: state.bot.userId,
    botId: state.bot.id,
    type: 'live',
    kind: 'trade',
    status: 'rejected',
    side: plan.request.side === 'BUY' ? 'buy' : 'sell',
    marketId: conditionId,
    tokenId: plan.tokenId,
    amountMicros: fill?.notionalMicros ?? null,
    sharesMicros: fill?.sharesMicros ?? null,
    decisionPriceMicros: plan.decisionPriceMicros,
    executionPriceMicros: fill?.averagePriceMicros ?? null,
    feeMicros: fill?.feeMicros ?? null,
    predictedSlippageBps: fill?.slippageBps ?? null,
    actualSlippageBps: null,
    marketImpactBps: fill?.marketImpactBps ?? null,
    feeModel: plan.feeModel,
    orderId: null,
    transactionHash: null,
    rejectionCode: code,
    rejectionReason: reason,
    tickKey,
    decisionId,
    latencyMs: plan.latencyMs,
    bookAgeMs: plan.bookAgeMs,
    realizedPnlMicros: null,
    countsForUnlock: false,
    unlockExclusions: null,
    createdAt: now,
  };
}
