import { describe, expect, test } from 'bun:test';
import { level, market, token } from '../../test/fixtures.ts';
import { sizeBuy, sizeSell } from './sizing.ts';

const base = { market, balanceMicros: 1_000_000_000 };

describe('sizing exits and fee-aware buys to the bot’s limits', () => {
  test('an exit is sized to the market-impact limit and sold in chunks that never strand less than the minimum', () => {
    const held = token({ position: { sharesMicros: 18_000_000, avgEntryPriceMicros: 500_000 }, book: { bids: [level(480_000, 100_000_000)], asks: [level(520_000, 100_000_000)] } });
    // 10 % of 100 visible bid shares = 10 shares; 8 would be left, so the first chunk is 10 and the next 8.
    expect(sizeSell({ ...base, limits: { maxMarketImpactBps: 1_000 } }, held, 480_000, {})).toEqual({ ok: true, value: { sharesMicros: 10_000_000 } });
    // 12 % → 12 shares would leave 6; 13 would leave 5 (the minimum) — 12 leaves 6, fine.
    expect(sizeSell({ ...base, limits: { maxMarketImpactBps: 1_200 } }, held, 480_000, {})).toEqual({ ok: true, value: { sharesMicros: 12_000_000 } });
    // 15 % → 15 would leave 3 (< 5): sell 13, leave exactly 5.
    expect(sizeSell({ ...base, limits: { maxMarketImpactBps: 1_500 } }, held, 480_000, {})).toEqual({ ok: true, value: { sharesMicros: 13_000_000 } });
    // The per-trade and per-market caps never shrink an exit.
    expect(sizeSell({ ...base, limits: { maxTradeSizeMicros: 1_000_000, maxPositionPerMarketMicros: 1 } }, held, 480_000, {})).toMatchObject({ value: { sharesMicros: 10_000_000 } });
  });

  test('a buy is sized so that amount + fee fits the balance and the per-trade cap, and under the impact limit', () => {
    const t = token();
    const fees = { kind: 'flat' as const, feeBps: 200 };
    // The client's adjustment charges the fee on the whole budget: 5.10 − 2 % × 5.10 = 4.998 → 4.99.
    expect(sizeBuy({ ...base, balanceMicros: 5_100_000, fees }, t, 520_000, { orderAmountMicros: 10_000_000 })).toEqual({ ok: true, value: { amountMicros: 4_990_000 } });
    // 4.08 − 0.0816 = 3.9984 → 3.99.
    expect(sizeBuy({ ...base, fees, limits: { maxTradeSizeMicros: 4_080_000, maxMarketImpactBps: 10_000 } }, t, 520_000, { orderAmountMicros: 10_000_000 })).toEqual({ ok: true, value: { amountMicros: 3_990_000 } });
    // 10 % of 100 ask shares at 0.52 = 5.20.
    expect(sizeBuy({ ...base, fees, limits: {} }, t, 520_000, { orderAmountMicros: 10_000_000 })).toEqual({ ok: true, value: { amountMicros: 5_200_000 } });
    expect(sizeBuy({ ...base, limits: { maxPositionPerMarketMicros: 10_000_000 }, marketCostBasisMicros: 10_000_000 }, t, 520_000, { orderAmountMicros: 10_000_000 })).toMatchObject({ ok: false, code: 'position_limit' });
  });
});
