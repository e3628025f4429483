/**
 * The tick's own CPU cost: runTick against an in-memory TickStore (no database), one bot, the
 * recorded election book shifted every tick. `bun packages/bots/bench/tick-cpu.ts [--smoke]`
 * (`--smoke`: 60 ticks, for CI). Exits 1 when the ticks trade nothing (the tick is broken).
 */
import { parseArgs } from 'node:util';
import { ManualClock } from '@polymancer/core';
import { builtInStrategies } from '@polymancer/strategies';
import { createMarketDataCache, paperExecution, runTick, type TickBotState, type TickStore, type Bot } from '../src/index.ts';
import { loadElectionMarket, ScriptedMarketData } from '../test/recorded-market.ts';
import { parseCreateBotInput } from '../src/index.ts';

const clock = new ManualClock(Date.UTC(2026, 2, 1));
const venue = new ScriptedMarketData(loadElectionMarket());
const v = parseCreateBotInput({ name: 'x', markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId, venue.recorded.noTokenId] }], strategy: { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 1_000, orderAmountMicros: 5_000_000 } } });
if (!v.ok) throw v.error;
const bot: Bot = { id: 'bot_x', userId: 'u', name: 'x', type: 'paper', status: 'active', emergencyStopped: false, markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId, venue.recorded.noTokenId] }], strategy: v.value.strategy, intervalSecs: 60, startingBalanceMicros: 1e9, paperBalanceMicros: 1e9, risk: v.value.risk, feeModel: v.value.feeModel, realism: v.value.realism, firstPaperTradeAt: null, lastTickAt: null, version: 1, createdAt: new Date(), updatedAt: new Date() };
let state: TickBotState = { bot, userFrozen: false, deleted: false, positions: [], midpointHistory: {}, daily: undefined, alreadyRun: false };
const store: TickStore = {
  load: async () => state,
  transact: async (_b, _k, _s, work) => {
    const value = await work({ state, insertTrade: async () => {}, insertDecision: async () => {}, savePositions: async (ps) => { const m = new Map(state.positions.map((p) => [p.tokenId, p])); for (const p of ps) m.set(p.tokenId, p); state = { ...state, positions: [...m.values()] }; }, updateBot: async (p) => { state = { ...state, bot: { ...state.bot, paperBalanceMicros: p.paperBalanceMicros }, midpointHistory: p.midpointHistory, daily: p.daily }; }, insertSnapshot: async () => {}, audit: async () => {}, finish: async () => {}, unreconciledLiveOrders: async () => [], insertLiveOrder: async () => {}, updateLiveOrder: async () => {}, insertShadowPair: async () => {} });
    return { applied: true, value };
  },
};
const deps = { store, marketData: createMarketDataCache(venue, { clock }), strategies: builtInStrategies(), execution: paperExecution, clock };
const path = [0, 3, 6, 3, 0, -3];
let trades = 0;
const { values } = parseArgs({ args: Bun.argv.slice(2), options: { smoke: { type: 'boolean', default: false } }, strict: true });
const n = values.smoke ? 60 : 6000;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  clock.advance(60_000);
  venue.setShift(path[i % path.length] ?? 0, clock.now().getTime());
  const r = await runTick(deps, { botId: 'bot_x', tickKey: `k${i}` }, clock.now());
  if (r.status === 'completed') trades += r.trades;
}
console.log(`cpu ${((performance.now() - t0) / n).toFixed(3)} ms/tick (incl. book rebuild per tick), trades ${trades}${values.smoke ? ' (smoke)' : ''}`);
if (trades === 0) {
  console.error('tick-cpu: no tick traded on a moving book: the tick is broken');
  process.exitCode = 1;
}
