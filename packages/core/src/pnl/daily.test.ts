import { describe, expect, test } from 'bun:test';
import { dailyPnlMicros, equityMicros, realizedByUtcDay, recordRealized, rollDailyPnl } from './daily.ts';
import { emptyPosition } from './position.ts';
import { startOfUtcDayMs, utcDayOf } from './utc-day.ts';

describe('UTC days', () => {
  test('names the UTC day regardless of the local zone', () => {
    expect(utcDayOf(new Date('2026-03-10T23:59:59.999Z'))).toBe('2026-03-10');
    expect(utcDayOf(Date.parse('2026-03-11T00:00:00.000Z'))).toBe('2026-03-11');
    expect(utcDayOf(new Date('2026-03-11T01:30:00+02:00'))).toBe('2026-03-10');
    expect(startOfUtcDayMs(Date.parse('2026-03-10T15:00:00Z'))).toBe(Date.parse('2026-03-10T00:00:00Z'));
  });
});

describe('daily P&L', () => {
  test('counts equity change within a UTC day and restarts after midnight', () => {
    const evening = new Date('2026-03-10T23:00:00Z');
    let state = rollDailyPnl(undefined, evening, 1_000_000_000);
    state = recordRealized(state, new Date('2026-03-10T23:30:00Z'), -4_000_000, 998_000_000);
    expect(state).toEqual({ utcDay: '2026-03-10', openingEquityMicros: 1_000_000_000, realizedMicros: -4_000_000 });
    expect(dailyPnlMicros(state, new Date('2026-03-10T23:59:59Z'), 990_000_000)).toBe(-10_000_000);

    const afterMidnight = new Date('2026-03-11T00:00:01Z');
    expect(dailyPnlMicros(state, afterMidnight, 990_000_000)).toBe(0); // yesterday's loss is not today's
    const next = rollDailyPnl(state, afterMidnight, 990_000_000);
    expect(next).toEqual({ utcDay: '2026-03-11', openingEquityMicros: 990_000_000, realizedMicros: 0 });
    expect(dailyPnlMicros(next, new Date('2026-03-11T08:00:00Z'), 995_000_000)).toBe(5_000_000);
    expect(rollDailyPnl(next, new Date('2026-03-11T09:00:00Z'), 1)).toBe(next);
  });

  test('books realized P&L on the day it happened, across midnight', () => {
    const byDay = realizedByUtcDay([
      { at: new Date('2026-03-10T22:00:00Z'), realizedPnlMicros: 5_000_000 },
      { at: new Date('2026-03-10T23:59:59.999Z'), realizedPnlMicros: -2_000_000 },
      { at: new Date('2026-03-11T00:00:00Z'), realizedPnlMicros: 7_000_000 },
    ]);
    expect([...byDay]).toEqual([
      ['2026-03-10', 3_000_000],
      ['2026-03-11', 7_000_000],
    ]);
  });

  test('values equity as balance plus marked positions, unmarked ones at cost', () => {
    const a = { ...emptyPosition('a'), sharesMicros: 10_000_000, costBasisMicros: 4_000_000 };
    const b = { ...emptyPosition('b'), sharesMicros: 5_000_000, costBasisMicros: 3_000_000 };
    expect(equityMicros(100_000_000, [a, b], new Map([['a', 500_000]]))).toBe(100_000_000 + 5_000_000 + 3_000_000);
  });
});
