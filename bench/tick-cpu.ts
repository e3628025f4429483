/**
 * The tick's own CPU cost, without a database: `runTick` over an in-memory `TickStore` (state kept
 * in a Map, writes applied to it, nothing serialised), one bot per synthetic market, the same
 * strategy and price path as the database scenarios. Each tick is timed with `process.cpuUsage()`
 * (user + system) and the costs are averaged, after a warm-up so the figure is the steady state.
 */
import { type Bot, createMarketDataCache, paperExecution, parseCreateBotInput, runTick, type TickBotState, type TickStore } from '@polymancer/bots';
import { ManualClock } from '@polymancer/core';
import { builtInStrategies } from '@polymancer/strategies';
import { benchStrategy } from './seed-bots.ts';
import { SyntheticVenue } from './synthetic-venue.ts';

export interface TickCpuResult {
  readonly ticks: number;
  readonly trades: number;
  readonly cpuMsPerTick: number;
}

function memoryStore(states: Map<string, TickBotState>): TickStore {
  return {
    load: async (botId) => states.get(botId),
    transact: async (botId, _tickKey, _startedAt, work) => {
      let state = states.get(botId);
      if (state === undefined) throw new Error(`no bot ${botId}`);
      const value = await work({
        state,
        insertTrade: async () => {},
        insertDecision: async () => {},
        savePositions: async (ps) => {
          const byToken = new Map(state!.positions.map((p) => [p.tokenId, p]));
          for (const p of ps) byToken.set(p.tokenId, p);
          state = { ...state!, positions: [...byToken.values()] };
        },
        updateBot: async (p) => {
          state = { ...state!, bot: { ...state!.bot, paperBalanceMicros: p.paperBalanceMicros, firstPaperTradeAt: p.firstPaperTradeAt }, midpointHistory: p.midpointHistory, daily: p.daily };
        },
        insertSnapshot: async () => {},
        audit: async () => {},
        finish: async () => {},
        unreconciledLiveOrders: async () => [],
        insertLiveOrder: async () => {},
        updateLiveOrder: async () => {},
        insertShadowPair: async () => {},
      });
      states.set(botId, state);
      return { applied: true, value };
    },
  };
}

export async function measureTickCpu(options: { ticks: number; warmupTicks?: number }): Promise<TickCpuResult> {
  const venue = new SyntheticVenue();
  const clock = new ManualClock(Date.UTC(2026, 2, 2));
  const states = new Map<string, TickBotState>();
  const ids: string[] = [];
  for (const [m, market] of venue.markets.entries()) {
    const input = parseCreateBotInput({ name: `cpu ${m}`, markets: [{ conditionId: market.info.conditionId, tokenIds: [market.yesTokenId, market.noTokenId] }], strategy: benchStrategy });
    if (!input.ok) throw input.error;
    const v = input.value;
    const at = clock.now();
    const bot: Bot = { id: `bot_cpu${m}`, userId: 'usr_cpu', name: v.name, type: 'paper', status: 'active', emergencyStopped: false, markets: [{ conditionId: market.info.conditionId, tokenIds: [market.yesTokenId, market.noTokenId] }], strategy: v.strategy, intervalSecs: 60, startingBalanceMicros: v.startingBalanceMicros, paperBalanceMicros: v.startingBalanceMicros, risk: v.risk, feeModel: v.feeModel, realism: v.realism, firstPaperTradeAt: null, lastTickAt: null, version: 1, createdAt: at, updatedAt: at };
    states.set(bot.id, { bot, userFrozen: false, deleted: false, positions: [], midpointHistory: {}, daily: undefined, alreadyRun: false });
    ids.push(bot.id);
  }
  const deps = { store: memoryStore(states), marketData: createMarketDataCache(venue, { clock }), strategies: builtInStrategies(), execution: paperExecution, clock };
  const warmup = options.warmupTicks ?? 2_000;
  let cpuMicros = 0;
  let trades = 0;
  let measured = 0;
  for (let i = 0; measured < options.ticks; i++) {
    const round = Math.floor(i / ids.length);
    if (i % ids.length === 0) {
      clock.set(Date.UTC(2026, 2, 2) + round * 60_000);
      venue.setRound(round);
    }
    const before = process.cpuUsage();
    const r = await runTick(deps, { botId: ids[i % ids.length] ?? '', tickKey: `r${round}` }, clock.now());
    const used = process.cpuUsage(before);
    if (i < warmup) continue;
    cpuMicros += used.user + used.system;
    measured += 1;
    if (r.status === 'completed') trades += r.trades;
  }
  return { ticks: measured, trades, cpuMsPerTick: cpuMicros / measured / 1000 };
}
