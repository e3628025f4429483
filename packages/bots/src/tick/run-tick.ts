/**
 * The bot tick (ARCHITECTURE.md "The bot tick"): gate → market data → decide → fill-or-kill
 * simulation → risk guards → execute → record.
 *
 * Guarantees
 * - One transaction of record: every write of a tick — fills applied to the paper balance and
 *   positions, trade-log rows (executed and rejected, with code and reason), decision rows, audit
 *   events, the P&L snapshot and the bot's tick state — commits together or not at all.
 * - Exactly once per (bot, tick key): the transaction first claims that key (primary key of
 *   `bot_tick_runs`); a tick killed mid-way rolls back entirely and its retry applies its fills
 *   once; a retry after a commit is answered `duplicate` and changes nothing.
 * - Guards judge the account as it is at commit: the bot row is locked and re-read inside the
 *   transaction, the gate is re-checked, and each fill of the tick sees the earlier ones.
 * - Integers only (micros, bps); time comes from the caller (`now`) and the injected clock.
 *
 * Semantics
 * - Per watched market, in order: a resolved market settles every position in it (winner pays
 *   1 pUSD a share, loser 0); a closed market or failed fetch is a recorded hold; otherwise the
 *   strategy decides on that market's watched tokens and a trade intent becomes a FOK simulation
 *   against the execution book. Markets the bot no longer watches but still holds are checked for
 *   resolution only.
 * - Paper realism (per bot): the strategy decides on a book up to `staleBookMs` old; the order
 *   executes after `artificialDelayMs` against a fresh book; the decision-to-execution latency and
 *   the decision book's age are recorded on the trade. The price-movement guard compares the best
 *   price of the side taken in the two books.
 * - Daily P&L is equity now − equity when the UTC day opened (first tick of the day), and feeds
 *   the daily loss limit. Positions are marked at the midpoint of this tick's books.
 *
 * Known limitations
 * - The decision is made outside the transaction (an LLM may take seconds), on the balance read
 *   before it; the guards then re-check against the locked, current account.
 * - Markets are processed one after another, not in parallel; one trade per market per tick.
 * - A live `Execution` would call the venue inside the transaction; the live path must persist
 *   its pending order first (see ARCHITECTURE.md "The live order path").
 */
import { type Clock, defaultGuards, type Guard, newId, rollDailyPnl } from '@polymancer/core';
import type { StrategySet } from '@polymancer/strategies';
import type { Execution } from '../execution/execution.ts';
import type { TickMarketData } from '../market-data/market-data.ts';
import { type ApplyContext, type ApplyCounts, applyPlan } from './apply-plan.ts';
import { gate, type GateCode } from './gate.ts';
import { recordLiveHold } from './live-hold.ts';
import type { LiveDeps } from '../live/live-deps.ts';
import { runLiveTick } from '../live/live-tick.ts';
import { TickLedger } from './ledger.ts';
import { type DailyLossStopNotice, dailyLossStopOf, decidesUnder, notifyDailyLossStop, recordDailyLossStop } from './daily-loss-stop.ts';
import { appendMidpoints, midpointsNeeded } from './midpoints.ts';
import { type MarketPlan, planHeldMarket, planWatchedMarket } from './plan-market.ts';
import type { TickStore } from './tick-store.ts';

export interface TickDeps {
  readonly store: TickStore;
  /** Shared by every tick of a process: see `createMarketDataCache`. */
  readonly marketData: TickMarketData;
  readonly strategies: StrategySet;
  readonly execution: Execution;
  readonly clock: Clock;
  /** Paper realism's artificial delay; tests pass one that advances a manual clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default: core's `defaultGuards`. */
  readonly guards?: readonly Guard[];
  /**
   * The deployment trades real money: trades on the local exchange's synthetic markets then do not
   * count toward unlock (core `tradeExclusions`). Default false (a local or test deployment).
   */
  readonly realMoneyDeployment?: boolean;
  /**
   * The live order path (accounts, venue, live orders). Absent: a live bot's tick holds with
   * `live_execution_unavailable` and places nothing. Live bots never run the paper path.
   */
  readonly live?: LiveDeps;
  /**
   * Live trading's platform switch (`@polymancer/safety`'s breakers): while a circuit breaker is open
   * a live bot's tick holds, recorded with code `circuit_breaker_open` and the breaker's reason.
   * Unset = no breakers (paper-only deployments and tests).
   */
  readonly liveTrading?: LiveTradingGate;
  /** Tells the owner when the daily loss limit stops their bot or pre-flight holds their live bot; absent = recorded (audit) only. */
  readonly notifier?: TickNotifier;
}

export interface LiveTradingGate {
  openBreaker(): Promise<{ readonly name: string; readonly reason: string } | undefined>;
}

/** Sends the owner a notification (the notify service's `notify`, through the outbox). */
export interface TickNotifier {
  /**
   * `bot.daily_loss_stopped` with `{ botId, botName, utcDay, lossMicros, limitMicros, resumesAt }`;
   * `bot.live_preflight_held` with `{ botId, botName, conditionId, checks: [{ id, message, fix }] }`.
   * `bot.live_gas_low` with `{ botId, botName, message, fix }` (an EOA under 0.1 POL, once per episode).
   * `bot.live_exchange_held` with `{ botId, botName, code, message, retryAt }` (the exchange refuses new orders: once per episode).
   */
  notify(userId: string, kind: string, data: Readonly<Record<string, unknown>>): Promise<unknown>;
}

export interface TickRequest {
  readonly botId: string;
  /** Unique per bot and scheduled tick, e.g. the job's slot `2026-03-01T12:00:00Z`. */
  readonly tickKey: string;
}

export type TickResult =
  | { readonly status: 'not_found' }
  | { readonly status: 'skipped'; readonly code: GateCode | (string & {}); readonly reason: string }
  | { readonly status: 'duplicate' }
  | ({ readonly status: 'completed' } & ApplyCounts & {
      readonly balanceMicros: number;
      readonly equityMicros: number;
      /** The daily loss limit has stopped this bot for the rest of the UTC day. */
      readonly dailyLossStopped?: boolean;
      /** Set on the tick whose loss reached the limit. */
      readonly newDailyLossStop?: DailyLossStopNotice;
      /** Live ticks: the order this tick placed and what became of it. */
      readonly liveOrder?: { readonly id: string; readonly status: string; readonly code?: string | undefined };
    });

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runTick(deps: TickDeps, request: TickRequest, now: Date): Promise<TickResult> {
  const { store } = deps;
  const { botId, tickKey } = request;
  const state = await store.load(botId, tickKey);
  if (state === undefined) return { status: 'not_found' };
  if (state.alreadyRun) return { status: 'duplicate' };
  const blocked = gate(state);
  if (state.bot.type === 'live' && (blocked === undefined || blocked.code === 'live_execution_unavailable')) {
    const breaker = await deps.liveTrading?.openBreaker();
    if (breaker !== undefined) return recordLiveHold(store, state, tickKey, now, deps.clock, { code: 'circuit_breaker_open', reason: `live trading is paused: ${breaker.reason}` });
  }
  if (blocked?.code === 'live_execution_unavailable') {
    return deps.live === undefined ? recordLiveHold(store, state, tickKey, now, deps.clock) : runLiveTick(deps, deps.live, state, tickKey, now);
  }
  if (blocked !== undefined) return { status: 'skipped', ...blocked };

  const planDeps = { marketData: deps.marketData, strategies: deps.strategies, sleep: deps.sleep ?? realSleep, clockNowMs: () => deps.clock.now().getTime() };
  const plans: MarketPlan[] = [];
  const watched = new Set<string>();
  // Daily loss hard stop: until the next UTC day the bot decides nothing — unless its owner asked
  // for risk-reducing sells, which it may then make (buys stay held). Resolutions still settle.
  const deciding = decidesUnder(dailyLossStopOf(state, now));
  for (const market of deciding ? state.bot.markets : []) {
    for (const t of market.tokenIds) watched.add(t);
    plans.push(await planWatchedMarket(planDeps, state, market.conditionId, market.tokenIds, now));
  }
  const watchedMarkets = new Set(deciding ? state.bot.markets.map((m) => m.conditionId) : []);
  const heldElsewhere = new Set(state.positions.filter((p) => p.sharesMicros > 0 && p.settledAt === null && !watchedMarkets.has(p.conditionId)).map((p) => p.conditionId));
  for (const conditionId of heldElsewhere) {
    const plan = await planHeldMarket(planDeps, conditionId);
    if (plan !== undefined) plans.push(plan);
  }

  const outcome = await store.transact(botId, tickKey, now, async (tx) => {
    const fresh = tx.state;
    const stillBlocked = gate(fresh);
    const counts: ApplyCounts = { trades: 0, rejections: 0, holds: 0, settlements: 0 };
    if (stillBlocked !== undefined) {
      await tx.finish({ outcome: stillBlocked.code, trades: 0, rejections: 0, finishedAt: deps.clock.now() });
      return { status: 'skipped' as const, ...stillBlocked };
    }
    const ledger = new TickLedger(fresh.bot.paperBalanceMicros, fresh.positions);
    const c: ApplyContext = {
      tx,
      bot: fresh.bot,
      tickKey,
      ledger,
      execution: deps.execution,
      guards: deps.guards ?? defaultGuards,
      now,
      realMoneyDeployment: deps.realMoneyDeployment ?? false,
      daily: rollDailyPnl(fresh.daily, now, ledger.valuation().equityMicros),
      firstPaperTradeAt: fresh.bot.firstPaperTradeAt,
      dailyLossStop: dailyLossStopOf(fresh, now),
    };
    const mids = new Map<string, number>();
    for (const plan of plans) {
      if (plan.kind === 'decided') for (const [token, mid] of plan.mids) mids.set(token, mid);
      await applyPlan(c, plan, counts);
    }
    const value = ledger.valuation();
    const newStop = await recordDailyLossStop(tx, { bot: fresh.bot, tickKey, inForce: c.dailyLossStop }, c.daily, now, value.equityMicros);
    await tx.savePositions(ledger.changed(), now);
    await tx.updateBot({
      paperBalanceMicros: ledger.balanceMicros,
      midpointHistory: appendMidpoints(fresh.midpointHistory, mids, now.getTime(), midpointsNeeded(fresh.bot.strategy), watched),
      daily: c.daily,
      firstPaperTradeAt: c.firstPaperTradeAt,
      lastTickAt: now,
      ...(newStop === undefined ? {} : { dailyLossStoppedDay: newStop.utcDay }),
    });
    await tx.insertSnapshot({ id: newId('pnlSnapshot'), botId, at: now, balanceMicros: ledger.balanceMicros, ...value });
    const stopped = c.dailyLossStop !== undefined || newStop !== undefined;
    await tx.finish({ outcome: stopped ? 'daily_loss_stopped' : 'completed', trades: counts.trades, rejections: counts.rejections, finishedAt: deps.clock.now() });
    return {
      status: 'completed' as const,
      ...counts,
      balanceMicros: ledger.balanceMicros,
      equityMicros: value.equityMicros,
      ...(stopped ? { dailyLossStopped: true } : {}),
      ...(newStop === undefined ? {} : { newDailyLossStop: newStop }),
    };
  });
  if (!outcome.applied) return { status: 'duplicate' };
  const result = outcome.value;
  if (result.status === 'completed') await notifyDailyLossStop(deps.notifier, state.bot, result.newDailyLossStop);
  return result;
}
