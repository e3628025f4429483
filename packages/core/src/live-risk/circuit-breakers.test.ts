import { describe, expect, test } from 'bun:test';
import { breakerWindowStart, defaultBreakerPolicy, evaluateBreakers, isExchangeApiError } from './circuit-breakers.ts';

const quiet = { liveBots: 10, failingBots: 0, exchangeCalls: 100, exchangeErrors: 0 };
const names = (counts: typeof quiet) => evaluateBreakers(counts).map((t) => t.name);

describe('bot-failure breaker', () => {
  test('stays closed at exactly 20 % of live bots failing and trips above it', () => {
    expect(names({ ...quiet, failingBots: 2 })).toEqual([]);
    expect(names({ ...quiet, liveBots: 100, failingBots: 21 })).toEqual(['bot_failures']);
    const [trip] = evaluateBreakers({ ...quiet, failingBots: 3 });
    expect(trip?.reason).toBe('3 of 10 live bots failed within 10 minutes (over 20 %): all live trading is paused until an operator resumes it');
    expect(trip?.details).toEqual({ failingBots: 3, liveBots: 10, windowMs: 600_000 });
  });
  test('no live bots, no ratio', () => {
    expect(names({ ...quiet, liveBots: 0, failingBots: 0 })).toEqual([]);
  });
});

describe('exchange-error breaker', () => {
  test('trips above 50 % errors once the window holds the minimum sample', () => {
    expect(names({ ...quiet, exchangeCalls: 20, exchangeErrors: 10 })).toEqual([]);
    expect(names({ ...quiet, exchangeCalls: 20, exchangeErrors: 11 })).toEqual(['exchange_errors']);
  });
  test('ignores any error rate below the minimum sample', () => {
    expect(names({ ...quiet, exchangeCalls: 19, exchangeErrors: 19 })).toEqual([]);
    expect(evaluateBreakers({ ...quiet, exchangeCalls: 3, exchangeErrors: 3 }, { ...defaultBreakerPolicy, exchangeErrorMinCalls: 3 }).map((t) => t.name)).toEqual(['exchange_errors']);
  });
  test('both can trip at once', () => {
    expect(names({ liveBots: 4, failingBots: 4, exchangeCalls: 40, exchangeErrors: 40 })).toEqual(['bot_failures', 'exchange_errors']);
  });
  test('counts 5xx, 429, 425 and no answer as errors; 4xx refusals of an order are not API errors', () => {
    expect([500, 503, 429, 425, null].map(isExchangeApiError)).toEqual([true, true, true, true, true]);
    expect([200, 400, 401, 404].map(isExchangeApiError)).toEqual([false, false, false, false]);
  });
});

describe('window start', () => {
  test('is the window before now, or the last resume when later', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(breakerWindowStart(now, 600_000, null).toISOString()).toBe('2026-06-01T11:50:00.000Z');
    expect(breakerWindowStart(now, 600_000, new Date('2026-06-01T11:55:00Z')).toISOString()).toBe('2026-06-01T11:55:00.000Z');
    expect(breakerWindowStart(now, 600_000, new Date('2026-06-01T11:00:00Z')).toISOString()).toBe('2026-06-01T11:50:00.000Z');
  });
});
