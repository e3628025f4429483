/** Ticking bots in tests: the real db stores, a cache over the scripted venue, a manual clock. */
import { applyFill, emptyPosition, type Position } from '@polymancer/core';
import { createTickStore, schema } from '@polymancer/db';
import { builtInStrategies, type Decision, type StrategySet } from '@polymancer/strategies';
import { eq } from 'drizzle-orm';
import { createMarketDataCache, paperExecution, runTick, type TickDeps, type TickStore } from '../src/index.ts';
import type { Harness } from './harness.ts';
import type { ScriptedMarketData } from './recorded-market.ts';

/** A strategy that answers whatever the test queued, then holds. */
export class ScriptedStrategy {
  readonly kind = 'mean-reversion';
  readonly queue: Decision[] = [];
  async decide(): Promise<Decision> {
    return this.queue.shift() ?? { kind: 'hold', code: 'no_signal', reasoning: 'nothing queued' };
  }
}

export function tickDeps(h: Harness, venue: ScriptedMarketData, options: { strategies?: StrategySet; store?: TickStore; sleep?: (ms: number) => Promise<void> } = {}): TickDeps {
  return {
    store: options.store ?? createTickStore(h.db, h.clock),
    marketData: createMarketDataCache(venue, { clock: h.clock, bookTtlMs: 1_000 }),
    strategies: options.strategies ?? builtInStrategies(),
    execution: paperExecution,
    clock: h.clock,
    sleep: options.sleep ?? (async (ms) => h.clock.advance(ms)),
  };
}

export function scriptedStrategies(strategy: ScriptedStrategy): StrategySet {
  return { ...builtInStrategies(), 'mean-reversion': strategy as unknown as StrategySet['mean-reversion'] };
}

export async function tick(deps: TickDeps, h: Harness, botId: string, key: string) {
  return runTick(deps, { botId, tickKey: key }, h.clock.now());
}

export async function tradesOf(h: Harness, botId: string) {
  return h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId)).orderBy(schema.tradeLogs.createdAt, schema.tradeLogs.id);
}

export async function positionsOf(h: Harness, botId: string) {
  return h.db.select().from(schema.botPositions).where(eq(schema.botPositions.botId, botId));
}

export async function botRow(h: Harness, botId: string) {
  const [row] = await h.db.select().from(schema.bots).where(eq(schema.bots.id, botId));
  if (row === undefined) throw new Error('no bot');
  return row;
}

/** Replays executed trade-log rows through core's position math: what the positions must be. */
export function replayPositions(rows: Awaited<ReturnType<typeof tradesOf>>): { positions: Map<string, Position>; cashMicros: number } {
  const positions = new Map<string, Position>();
  let cash = 0;
  for (const r of rows) {
    if (r.status !== 'executed' || r.tokenId === null) continue;
    const current = positions.get(r.tokenId) ?? emptyPosition(r.tokenId);
    if (r.kind === 'settlement') {
      cash += r.amountMicros ?? 0;
      positions.set(r.tokenId, { ...current, sharesMicros: 0, costBasisMicros: 0, realizedPnlMicros: current.realizedPnlMicros + (r.realizedPnlMicros ?? 0) });
      continue;
    }
    const change = applyFill(current, {
      side: r.side === 'buy' ? 'BUY' : 'SELL',
      sharesMicros: r.sharesMicros ?? 0,
      notionalMicros: r.amountMicros ?? 0,
      feeMicros: r.feeMicros ?? 0,
    });
    if (!change.ok) throw new Error(change.error.reason);
    positions.set(r.tokenId, change.value.position);
    cash += change.value.cashDeltaMicros;
  }
  return { positions, cashMicros: cash };
}
