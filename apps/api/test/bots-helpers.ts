/**
 * Bots route tests: create bots through the API and tick them with the real tick, the real db
 * stores and paper execution, against an in-process market with a hand-made book and a strategy
 * that answers what the test queued — so trades, positions, P&L and decisions exist to read.
 */
import { type MarketData, type MarketInfo, createMarketDataCache, paperExecution, runTick, type TickDeps } from '@polymancer/bots';
import { createOrderBook, type OrderBook } from '@polymancer/core';
import { createTickStore } from '@polymancer/db';
import { builtInStrategies, type Decision, type StrategySet } from '@polymancer/strategies';
import { expect } from 'bun:test';
import type { ApiHarness } from './api-harness.ts';
import { bearer, json } from './accounts-helpers.ts';

export const CONDITION = `0x${'c3'.repeat(32)}`;
export const YES_TOKEN = '1111111111';
export const NO_TOKEN = '2222222222';

/** Asks at 0.50 and 0.51, bids at 0.48 and 0.47, 10,000 shares each: deep enough for any test trade. */
function book(tokenId: string, timestampMs: number): OrderBook {
  const r = createOrderBook({
    tokenId,
    bids: [
      { priceMicros: 480_000, sizeMicros: 10_000_000_000 },
      { priceMicros: 470_000, sizeMicros: 10_000_000_000 },
    ],
    asks: [
      { priceMicros: 500_000, sizeMicros: 10_000_000_000 },
      { priceMicros: 510_000, sizeMicros: 10_000_000_000 },
    ],
    tickSizeMicros: 10_000,
    minOrderSizeMicros: 5_000_000,
    timestampMs,
  });
  if (!r.ok) throw r.error;
  return r.value;
}

/** The test market: one condition with a Yes and a No token, both with the book above. */
export class TestMarket implements MarketData {
  constructor(private readonly nowMs: () => number) {}
  readonly market: MarketInfo = {
    conditionId: CONDITION,
    question: 'Will the test pass?',
    outcomes: [
      { tokenId: YES_TOKEN, outcome: 'Yes' },
      { tokenId: NO_TOKEN, outcome: 'No' },
    ],
    tickSizeMicros: 10_000,
    minOrderSizeMicros: 5_000_000,
    acceptingOrders: true,
    closed: false,
  };
  async getMarket(conditionId: string): Promise<MarketInfo> {
    if (conditionId !== CONDITION) throw new Error(`unknown market ${conditionId}`);
    return this.market;
  }
  async getBook(tokenId: string): Promise<OrderBook> {
    return book(tokenId, this.nowMs());
  }
}

/** Answers whatever the test queued, then holds. */
class QueuedStrategy {
  readonly kind = 'mean-reversion';
  readonly queue: Decision[] = [];
  async decide(): Promise<Decision> {
    return this.queue.shift() ?? { kind: 'hold', code: 'no_signal', reasoning: 'nothing queued' };
  }
}

export function buyYes(amountMicros: number, reasoning = `buy ${amountMicros} micros of Yes`): Decision {
  return { kind: 'trade', side: 'buy', tokenId: YES_TOKEN, amountMicros, limitPriceMicros: 510_000, reasoning, confidencePerMille: 700 };
}

export interface Ticker {
  /** Queues `decision` for the bot's next tick, advances the clock by `advanceMs`, and ticks. */
  tick(botId: string, decision?: Decision, advanceMs?: number, expectStatus?: string): Promise<void>;
}

export function createTicker(h: ApiHarness): Ticker {
  const strategy = new QueuedStrategy();
  const strategies: StrategySet = { ...builtInStrategies(), 'mean-reversion': strategy as unknown as StrategySet['mean-reversion'] };
  const deps: TickDeps = {
    store: createTickStore(h.database.handle.db, h.clock),
    marketData: createMarketDataCache(new TestMarket(() => h.clock.now().getTime()), { clock: h.clock, bookTtlMs: 1_000 }),
    strategies,
    execution: paperExecution,
    clock: h.clock,
    sleep: async (ms) => h.clock.advance(ms),
  };
  let n = 0;
  return {
    async tick(botId, decision, advanceMs = 60_000, expectStatus = 'completed') {
      h.clock.advance(advanceMs);
      if (decision !== undefined) strategy.queue.push(decision);
      n += 1;
      const result = await runTick(deps, { botId, tickKey: `test-${n}` }, h.clock.now());
      expect(result.status).toBe(expectStatus as typeof result.status);
    },
  };
}

/** A valid create body for a bot on the test market. */
export function botBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'test bot', markets: [{ conditionId: CONDITION, tokenIds: [YES_TOKEN, NO_TOKEN] }], strategy: { kind: 'mean-reversion' }, ...overrides };
}

export interface BotJson {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly paperBalanceMicros: number;
  readonly startingBalanceMicros: number;
  readonly risk: Record<string, number | null>;
  readonly [key: string]: unknown;
}

export async function createBot(h: ApiHarness, token: string, overrides: Record<string, unknown> = {}): Promise<BotJson> {
  const res = await h.request('/api/v1/bots', bearer(token, json(botBody(overrides))));
  expect(res.status).toBe(201);
  return (await res.json()) as BotJson;
}

export function send(h: ApiHarness, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return h.request(path, bearer(token, init));
}

export async function getJson<T>(h: ApiHarness, token: string, path: string): Promise<T> {
  const res = await send(h, token, 'GET', path);
  const text = await res.text();
  expect({ path, status: res.status, body: res.status === 200 ? '' : text }).toEqual({ path, status: 200, body: '' });
  return JSON.parse(text) as T;
}
