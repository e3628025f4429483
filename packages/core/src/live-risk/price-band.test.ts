import { describe, expect, test } from 'bun:test';
import { liveOrderLimitPrice } from './price-band.ts';

const at = (side: 'BUY' | 'SELL', worst: number, strategyLimit: number, bps = 100, tick = 10_000) =>
  liveOrderLimitPrice({ side, worstPriceMicros: worst, strategyLimitMicros: strategyLimit, maxPriceMovementBps: bps, tickSizeMicros: tick });

describe('live FOK limit price (price movement band)', () => {
  test('a BUY may fill up to 1 % above the worst predicted level, snapped down to the tick, never above the strategy limit', () => {
    expect(at('BUY', 500_000, 600_000)).toBe(500_000); // 0.505 snaps to 0.50: a one-tick (2 %) move is refused
    expect(at('BUY', 500_000, 600_000, 100, 1_000)).toBe(505_000); // on a 0.001 tick the whole 1 % fits
    expect(at('BUY', 500_000, 600_000, 500)).toBe(520_000); // a bot allowing 5 %
    expect(at('BUY', 500_000, 501_000, 500, 1_000)).toBe(501_000); // the strategy's limit is tighter
  });
  test('a SELL may fill down to 1 % below the worst predicted level, snapped up to the tick, never below the strategy limit', () => {
    expect(at('SELL', 450_000, 300_000)).toBe(450_000);
    expect(at('SELL', 450_000, 300_000, 100, 1_000)).toBe(446_000); // 445.5 snaps up to 0.446
    expect(at('SELL', 450_000, 440_000, 1_000)).toBe(440_000); // the strategy's limit is tighter
  });
  test('stays a valid order price at the edges', () => {
    expect(at('BUY', 990_000, 990_000, 500)).toBe(990_000);
    expect(at('SELL', 10_000, 10_000, 500)).toBe(10_000);
  });
});
