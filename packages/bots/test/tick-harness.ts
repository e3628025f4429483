/** Ticking bots in tests: the real db stores, a cache over the scripted venue, a manual clock. */
import { applyFill, emptyPosition, markValueMicros, type Position } from '@polymancer/core';
import { createTickStore, schema } from '@polymancer/db';
import { builtInStrategies, type Decision, type StrategySet } from '@polymancer/strategies';
import { desc, eq } from 'drizzle-orm';
import { createMarketDataCache, type MarketData, paperExecution, runTick, type TickDeps, type TickStore } from '../src/index.ts';
import type { Harness } from './harness.ts';

/** A strategy that answers whatever the test queued, then holds. */
export class ScriptedStrategy {
  readonly kind = 'mean-reversion';
  readonly queue: Decision[] = [];
  async decide(): Promise<Decision> {
    return this.queue.shift() ?? { kind: 'hold', code: 'no_signal', reasoning: 'nothing queued' };
  }
}

export function tickDeps(h: Harness, venue: MarketData, options: { strategies?: StrategySet; store?: TickStore; sleep?: (ms: number) => Promise<void> } = {}): TickDeps {
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

/**
 * Asserts that a bot's balance, positions, P&L snapshot and trade log reconcile to the micro:
 * replaying its executed trades through core's position math gives the stored balance and
 * positions, and the last snapshot's equity = balance + marked positions = start + realized + unrealized.
 */
export async function expectReconciled(h: Harness, botId: string, startingBalanceMicros: number): Promise<{ executed: number }> {
  const { expect } = await import('bun:test');
  const trades = await tradesOf(h, botId);
  const row = await botRow(h, botId);
  const replay = replayPositions(trades);
  expect(row.paperBalanceMicros).toBe(startingBalanceMicros + replay.cashMicros);
  const stored = await positionsOf(h, botId);
  expect(stored.length).toBe(replay.positions.size);
  for (const p of stored) {
    const expected = replay.positions.get(p.tokenId);
    expect({ s: p.sharesMicros, c: p.costBasisMicros, r: p.realizedPnlMicros }).toEqual({
      s: expected?.sharesMicros ?? -1,
      c: expected?.costBasisMicros ?? -1,
      r: expected?.realizedPnlMicros ?? -1,
    });
  }
  const [snap] = await h.db.select().from(schema.botPnlSnapshots).where(eq(schema.botPnlSnapshots.botId, botId)).orderBy(desc(schema.botPnlSnapshots.at)).limit(1);
  if (snap === undefined) throw new Error('no snapshot');
  const marked = stored.reduce((sum, p) => sum + (p.sharesMicros === 0 ? 0 : markValueMicros(p, p.markPriceMicros ?? 0)), 0);
  expect(snap.balanceMicros).toBe(row.paperBalanceMicros);
  expect(snap.positionsValueMicros).toBe(marked);
  expect(snap.equityMicros).toBe(row.paperBalanceMicros + marked);
  expect(snap.equityMicros - startingBalanceMicros).toBe(snap.realizedPnlMicros + snap.unrealizedPnlMicros);
  expect(snap.realizedPnlMicros).toBe(stored.reduce((s, p) => s + p.realizedPnlMicros, 0));
  return { executed: trades.filter((t) => t.status === 'executed').length };
}
