import { describe, expect, test } from 'bun:test';
import { ManualClock } from '@polymancer/core';
import { createExchange } from '../src/index.ts';

function quotes(seed: number, clock: ManualClock, stepsMs: number) {
  const exchange = createExchange({ seed, clock, marketMakers: { intervalMs: 5_000 } });
  const token = exchange.markets[0]!.tokens[0]!.tokenId;
  const seen: (number | undefined)[] = [];
  for (let t = 0; t < 20; t += 1) {
    clock.advance(stepsMs);
    exchange.sweep();
    seen.push(exchange.bestPrice(token, 'BUY'));
  }
  return { exchange, seen };
}

describe('market-maker agents', () => {
  test('re-quote around a seeded random walk as simulator time passes, identically for the same seed', () => {
    const start = Date.UTC(2026, 5, 1);
    const a = quotes(3, new ManualClock(start), 5_000);
    const b = quotes(3, new ManualClock(start), 5_000);
    expect(a.seen).toEqual(b.seen);
    expect(new Set(a.seen).size).toBeGreaterThan(1);
    for (const market of a.exchange.markets) {
      for (const token of market.tokens) {
        const bid = a.exchange.bestPrice(token.tokenId, 'BUY')!;
        const ask = a.exchange.bestPrice(token.tokenId, 'SELL')!;
        expect(bid).toBeLessThan(ask);
      }
    }
  });

  test('leave quotes unchanged while the clock stands still', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const exchange = createExchange({ seed: 3, clock });
    const token = exchange.markets[0]!.tokens[0]!.tokenId;
    const before = exchange.book(token)!.levels('BUY');
    exchange.sweep();
    clock.advance(4_999);
    exchange.sweep();
    expect(exchange.book(token)!.levels('BUY')).toEqual(before);
  });

  test('resolve a market once its end date has passed and stop quoting it', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const exchange = createExchange({ seed: 3, clock });
    const market = exchange.markets[0]!;
    clock.advance(31 * 86_400_000);
    exchange.sweep();
    expect(market.closed).toBe(true);
    expect(market.acceptingOrders).toBe(false);
    expect(market.tokens.map((t) => t.tokenId)).toContain(market.winnerTokenId!);
    expect(exchange.book(market.tokens[0]!.tokenId)!.size).toBe(0);
  });
});
